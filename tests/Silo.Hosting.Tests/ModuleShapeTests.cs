using Silo.Testing;

namespace Silo.Hosting.Tests;

/// <summary>
/// Every module has the same shape (README, "Code map"): its wiring in <c>Hosting/</c>, where both the services and the
/// silo's grain storages are registered; one folder per feature or third-party API; no loose source file at its root and no
/// folder named after a kind of class, which would split a feature across the module.
/// </summary>
public sealed class ModuleShapeTests
{
    private static readonly string[] KindFolders = ["Storage", "Stores", "Reporting", "Models", "Services", "Helpers", "Utils", "Interfaces"];

    [Theory]
    [InlineData("Media")]
    [InlineData("Publishing")]
    [InlineData("Insights")]
    public void Module_HasItsWiringInHostingAndOneFolderPerFeature(string module)
    {
        var root = Path.Combine(ToolServer.RepositoryRoot(), "src", $"Silo.{module}");
        var wiring = Path.Combine(root, "Hosting", $"{module}ServiceCollectionExtensions.cs");

        Assert.True(File.Exists(wiring), $"{module}'s wiring is not in Hosting/{module}ServiceCollectionExtensions.cs");
        var text = File.ReadAllText(wiring);
        Assert.Contains($"AddSilo{module}(this IServiceCollection", text);
        Assert.Contains($"Add{module}Grains(this ISiloBuilder", text);
        Assert.Empty(Directory.GetFiles(root, "*.cs").Select(Path.GetFileName));
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj"));
        Assert.DoesNotContain(folders, f => KindFolders.Contains(f));
    }
}
