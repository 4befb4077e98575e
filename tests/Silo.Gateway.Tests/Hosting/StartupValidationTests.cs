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
            settings: new Dictionary<string, string?> { ["Silo:Runtime:MaxConcurrentTurns"] = "0" }));

        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Silo:Runtime:MaxConcurrentTurns", validation.Message);
    }

    [Theory]
    [InlineData("--Silo:Runtime:LeaseDuration=banana", "Silo:Runtime:LeaseDuration")]
    [InlineData("--Silo:Runtime:MaxAttempts=0", "Silo:Runtime:MaxAttempts")]
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
