using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Gateway.Tests.OpenApi;

/// <summary>The OpenAPI document a node serves, read as a client generator reads it and linted with Redocly CLI.</summary>
public sealed class OpenApiDocumentTests(SharedNode shared) : IClassFixture<SharedNode>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DocumentAsync() => await shared.Node.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where Methods.Contains(operation.Name)
        select (path.Name, operation.Name, operation.Value);

    private static string[] Roles(JsonElement operation, string scheme) =>
        [.. operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject()).Where(s => s.Name == scheme)
            .SelectMany(s => s.Value.EnumerateArray()).Select(r => r.GetString()!)];

    [Fact]
    public async Task Document_SecuritySchemes_BearerAndXApiKey()
    {
        var schemes = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal("http", schemes.GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("apiKey", schemes.GetProperty("apiKey").GetProperty("type").GetString());
        Assert.Equal("header", schemes.GetProperty("apiKey").GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/meta/insights/overview", "get", "analytics:read")]
    [InlineData("/meta/insights/sync-now", "post", "manager")]
    [InlineData("/meta/insights/accounts", "post", "admin")]
    [InlineData("/api/metricool/publish/stories", "post", "manager")]
    [InlineData("/api/cluster/nodes", "get", "analytics:read")]
    public async Task Operation_NeedingAKey_EitherSchemeWithItsPermission(string path, string method, string permission)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal([permission], Roles(operation, "bearer"));
        Assert.Equal([permission], Roles(operation, "apiKey"));
        Assert.Equal(["401", "403"], operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(c => c is "401" or "403"));
    }

    [Fact]
    public async Task PublishStories_DeclaresItsOwnErrors()
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/metricool/publish/stories").GetProperty("post").GetProperty("responses");

        Assert.Equal(["202", "400", "401", "403", "404", "409", "422"], responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Operation_Public_NoSecurityRequirementAndNo401()
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty("/healthz").GetProperty("get");

        Assert.True(!operation.TryGetProperty("security", out var security) || security.GetArrayLength() == 0);
        Assert.False(operation.GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task EveryOperation_A2xxAndA4xxEachWithASchema()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();

        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            if (!responses.Any(r => r.Name.StartsWith('2'))) missing.Add($"{method} {path}: no 2xx");
            // The probes answer no 4xx (nothing of the request can be wrong); they declare their 503.
            if (!responses.Any(r => r.Name.StartsWith('4') || (path is "/healthz" or "/readyz" && r.Name == "503"))) missing.Add($"{method} {path}: no 4xx");
            foreach (var response in responses.Where(r => r.Name[0] is '2' or '4' or '5'))
            {
                var hasContent = response.Value.TryGetProperty("content", out var content);
                // A 202 or 204 without a body is what those routes answer; every other response has one, with a schema.
                if (!hasContent && response.Name is "202" or "204") continue;
                if (!hasContent || !content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)))
                    missing.Add($"{method} {path}: {response.Name} without a schema");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task InsightsOverview_200DescribesTheSnakeCaseBody()
    {
        var document = await DocumentAsync();
        var schema = document.GetProperty("paths").GetProperty("/meta/insights/overview").GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);

        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("total_campaigns", properties);
        Assert.Contains("global_metrics", properties);
        Assert.DoesNotContain("totalCampaigns", properties);
    }

    [Fact]
    public async Task Document_EveryTagDescribedAndServerUrlsWithoutTrailingSlash()
    {
        var document = await DocumentAsync();
        var used = Operations(document).SelectMany(o => o.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)).ToHashSet();
        var declared = document.GetProperty("tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.TryGetProperty("description", out var d) ? d.GetString() : null);

        Assert.Subset(declared.Keys.ToHashSet(), used);
        Assert.All(declared, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"tag {t.Key} has no description"));
        Assert.All(document.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Fact]
    public async Task Document_RedoclyRecommendedRules_NoErrors()
    {
        var file = Path.Combine(Path.GetTempPath(), $"silo-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).GetRawText(), Ct);
        try
        {
            var (exitCode, output) = await RedoclyLintAsync(file);
            TestContext.Current.TestOutputHelper?.WriteLine(output); // the warnings, which do not fail the test
            Assert.True(exitCode == 0, output);
        }
        finally { File.Delete(file); }
    }

    /// <summary>Runs <c>redocly lint</c> with its recommended rules (installed by deploy/test-tools.sh); nothing leaves the machine.</summary>
    private static async Task<(int ExitCode, string Output)> RedoclyLintAsync(string file)
    {
        var cli = Path.Combine(ToolServer.RepositoryRoot(), ".local/tools/node_modules/@redocly/cli/bin/cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run deploy/test-tools.sh");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { cli, "lint", file, "--extends=recommended", "--format=stylish" }) start.ArgumentList.Add(argument);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await errors);
    }
}
