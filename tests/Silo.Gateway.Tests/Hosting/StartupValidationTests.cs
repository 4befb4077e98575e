using Microsoft.Extensions.Options;
using Silo.Testing;

namespace Silo.Gateway.Tests.Hosting;

/// <summary>A bad setting stops start-up with a message naming the setting.</summary>
public sealed class StartupValidationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task StartAsync_OutOfRangeSetting_FailsNamingIt()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Silo:Cluster:MissedProbesLimit"] = "0" }));

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Silo:Cluster:MissedProbesLimit", validation.Message);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5081")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:5081/grpc")]
    public async Task StartAsync_H2cUrlNotAnHttpUrlWithAPort_FailsNamingIt(string url)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Silo:Gateway:Grpc:H2cUrl"] = url }));

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Silo:Gateway:Grpc:H2cUrl", validation.Message);
    }

    [Theory]
    [InlineData("admin_key_23_characters")]
    [InlineData("  short  ")]
    public async Task StartAsync_AdminKeyShorterThan24_FailsNamingTheVariableNotTheKey(string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString,
            settings: new Dictionary<string, string?> { ["SILO_ADMIN_KEY"] = key }));

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("SILO_ADMIN_KEY: must be at least 24 characters", validation.Message);
        Assert.DoesNotContain(key.Trim(), validation.Message);
    }

    [Theory]
    [InlineData("--Silo:Cluster:ProbeTimeout=banana", "Silo:Cluster:ProbeTimeout")]
    [InlineData("--Silo:Cluster:MissedProbesLimit=0", "Silo:Cluster:MissedProbesLimit")]
    [InlineData("--Silo:Metrics:ScrapeKey=short", "Silo:Metrics:ScrapeKey")]
    [InlineData("--SILO_ADMIN_KEY=admin_key_23_characters", "SILO_ADMIN_KEY")]
    public async Task SiloRun_BadSetting_ExitsWithCode2NamingIt(string argument, string setting)
    {
        await using var silo = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"),
            "run", "--role", "silo", $"--ConnectionStrings:Silo={database.ConnectionString}", "--Urls=http://127.0.0.1:0", argument);

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains($"silo: invalid configuration: ", silo.Output);
        Assert.Contains(setting, silo.Output);
    }
}
