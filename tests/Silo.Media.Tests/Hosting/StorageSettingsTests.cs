using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Testing;

namespace Silo.Media.Tests.Hosting;

/// <summary>A bad storage or allow-list setting stops start-up naming it.</summary>
public sealed class StorageSettingsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Storage = "Silo:Media:Storage:";

    [Theory]
    [InlineData("Backend=gcs", "Backend")]
    [InlineData("KeyLayout=readable", "KeyLayout")]
    [InlineData("Backend=azure", "Azure:ConnectionString")]                                         // no credentials at all
    [InlineData("Backend=azure;Azure:AccountUrl=http://127.0.0.1:1/acct", "Azure:ConnectionString")] // a URL without its key
    [InlineData("Backend=azure;Azure:ConnectionString=UseDevelopmentStorage=true;Azure:UrlMode=sometimes", "Azure:UrlMode")]
    [InlineData("Backend=azure;Azure:ConnectionString=UseDevelopmentStorage=true;Azure:Container=Bad_Name", "Azure:Container")]
    [InlineData("Backend=azure;Azure:ConnectionString=UseDevelopmentStorage=true;Azure:UrlMode=sas", "Azure:UrlMode")] // nothing to sign with
    [InlineData("Backend=supabase", "Supabase:Url")]
    [InlineData("Backend=Supabase;Supabase:Url=https://project.supabase.co", "Supabase:Key")]
    [InlineData("Backend=supabase;Supabase:Url=http://storage.example.test;Supabase:Key=k", "Supabase:Url")]  // the key would travel in clear
    [InlineData("Backend=supabase;Supabase:Url=https://project.supabase.co;Supabase:Key=k;Supabase:Bucket=a/b", "Supabase:Bucket")]
    public async Task StartAsync_BadStorageSetting_FailsNamingIt(string settings, string named)
    {
        var values = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(kv => Storage + kv[0], kv => (string?)kv[1]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString, settings: values));

        Assert.Contains(Storage + named, Assert.IsType<OptionsValidationException>(error).Message);
    }

    [Fact]
    public async Task StartAsync_SeedSupabaseVariablesWithABackendChosen_TheChosenBackendKept()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["SUPABASE_URL"] = "https://project.supabase.co", ["SUPABASE_KEY"] = "seed-key", [Storage + "Backend"] = "filesystem",
        });

        Assert.IsType<FileSystemBlobStore>(node.Services.GetRequiredService<IBlobStore>());
        var supabase = node.Services.GetRequiredService<IOptions<BlobStoreOptions>>().Value.Supabase;
        Assert.Equal(("https://project.supabase.co", "seed-key", "meta-webhooks"), (supabase.Url, supabase.Key, supabase.Bucket));
    }

    [Theory]
    [InlineData("[::1")]
    [InlineData("[::1]:99999")]
    [InlineData("[::1]8080")]
    public async Task StartAsync_UnreadableAllowListEntry_FailsNamingIt(string entry)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Silo:Media:AllowedHosts:0"] = "fbcdn.net", ["Silo:Media:AllowedHosts:1"] = entry }));

        Assert.Contains($"Silo:Media:AllowedHosts: '{entry}' is not", Assert.IsType<OptionsValidationException>(error).Message);
    }
}
