using System.CommandLine;
using System.Text.RegularExpressions;
using Silo.Host.Commands;
using YamlDotNet.RepresentationModel;

namespace Silo.Gateway.Tests.Hosting;

/// <summary>
/// The deployment files, read statically (no Docker engine or systemd on the build machines): every node's command parses as
/// <c>silo run</c>, every setting names something the product binds (<see cref="SettingKeys"/>), ports line up, and the
/// compose file's MinIO bucket exists and is reachable from outside before any node writes to it.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] Roles = ["silo", "gateway", "all"];

    [Fact]
    public void DockerCompose_EveryNode_CommandParsesAsSiloRunAndSettingsAreBound()
    {
        var services = ComposeServices();
        var nodes = services.Where(s => s.Value.Children.ContainsKey("build")).ToList();

        Assert.Equal(["gateway", "silo"], nodes.Select(n => n.Key).Order());
        foreach (var (name, service) in nodes)
        {
            var run = ParseSiloRun(NodeArguments(service), name);
            Assert.Contains(run.Role, Roles);
            var problems = EnvironmentOf(service).Keys.Select(SettingKeys.Problem).Concat(run.Settings.Keys.Select(SettingKeys.Problem)).OfType<string>();
            Assert.Empty(problems);
            var httpPort = new Uri(run.Settings["Urls"]).Port;
            foreach (var port in Sequence(service, "ports"))
                Assert.Equal(httpPort, int.Parse(port.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
            foreach (var dependency in DependsOn(service).Keys) Assert.Contains(dependency, services.Keys);
            // The image runs as app; a named volume takes the owner of the image's folder, so the Dockerfile must make it app's.
            var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "Dockerfile"));
            foreach (var target in Sequence(service, "volumes").Select(v => v.Split(':')[1]))
                Assert.Contains($"chown app:app {target}", dockerfile);
        }
        Assert.Equal("gateway", ParseSiloRun(NodeArguments(services["gateway"]), "gateway").Role);
        Assert.Equal("silo", ParseSiloRun(NodeArguments(services["silo"]), "silo").Role);
        Assert.Single(Sequence(services["gateway"], "ports"));
    }

    [Fact]
    public void DockerCompose_MediaStore_BucketCreatedBeforeNodesAndLinksReachableFromTheHost()
    {
        var services = ComposeServices();
        var environment = EnvironmentOf(services["silo"]);
        var bucket = environment["Silo__Media__Storage__Bucket"];
        var serviceUrl = new Uri(environment["Silo__Media__Storage__ServiceUrl"]);
        var publicUrl = new Uri(Default(environment["Silo__Media__Storage__PublicBaseUrl"]));

        Assert.Equal("S3", environment["Silo__Media__Storage__Backend"]);
        Assert.Contains(serviceUrl.Host, services.Keys);
        Assert.Equal(9000, serviceUrl.Port); // MinIO's S3 port (its command sets no other)
        Assert.Equal("server /data", Scalar(services[serviceUrl.Host], "command"));
        // The one-shot that makes the bucket (public read, so links open without a key), and every node waits for it.
        var (initName, init) = Assert.Single(services, s => s.Value.Children.TryGetValue("image", out var image) && image.ToString() == "minio/mc");
        var script = string.Join(' ', Sequence(init, "command"));
        Assert.Contains($"mc alias set silo {serviceUrl.GetLeftPart(UriPartial.Authority)} ", script);
        Assert.Contains($"mc mb --ignore-existing silo/{bucket}", script);
        Assert.Contains($"mc anonymous set download silo/{bucket}", script);
        foreach (var node in new[] { "silo", "gateway" })
            Assert.Equal("service_completed_successfully", DependsOn(services[node])[initName]);
        // Links name the bucket at an address outside the compose network: MinIO's port as published on the host.
        Assert.DoesNotContain(publicUrl.Host, services.Keys);
        Assert.Equal($"/{bucket}", publicUrl.AbsolutePath);
        Assert.Contains($"{publicUrl.Host}:{publicUrl.Port}:{serviceUrl.Port}", Sequence(services[serviceUrl.Host], "ports"));
    }

    [Fact]
    public void DockerCompose_HealthyConditions_NameServicesWithAHealthcheck()
    {
        var services = ComposeServices();

        var waits = services.SelectMany(s => DependsOn(s.Value)).Where(d => d.Value == "service_healthy").Select(d => d.Key).Distinct().ToList();

        Assert.NotEmpty(waits);
        Assert.All(waits, name => Assert.True(services[name].Children.ContainsKey("healthcheck"), $"{name} has no healthcheck"));
    }

    [Fact]
    public void SystemdUnit_ExecStartAndSettings_ParseAsSiloRunAndAreBoundWithWritablePaths()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "systemd", "silo@.service"));
        var service = UnitSettings(text);
        var execStart = Assert.Single(service, s => s.Key == "ExecStart").Value;
        var environment = service.Where(s => s.Key == "Environment").Select(s => s.Value.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var writable = service.Where(s => s.Key == "ReadWritePaths").SelectMany(s => s.Value.Split(' ')).ToList();

        var arguments = execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(a => !a.EndsWith("silo.dll", StringComparison.Ordinal)).Skip(1).ToList();
        foreach (var role in Roles)
            Assert.Equal(role, ParseSiloRun([.. arguments.Select(a => a.Replace("%i", role, StringComparison.Ordinal))], "ExecStart").Role);
        Assert.Empty(environment.Keys.Concat(SettingKeys.EnvironmentNamesIn(text)).Select(SettingKeys.Problem).OfType<string>());
        // ProtectSystem=strict leaves only ReadWritePaths writable: every folder the node writes must lie under one.
        Assert.Equal("strict", Assert.Single(service, s => s.Key == "ProtectSystem").Value);
        foreach (var folder in new[] { "Silo__Media__Storage__Root", "Silo__Dashboard__SessionKeysDirectory" })
        {
            Assert.True(environment.TryGetValue(folder, out var path), $"{folder} is not set: its default is relative to WorkingDirectory, read-only here");
            Assert.Contains(writable, w => path.StartsWith(w.TrimEnd('/') + "/", StringComparison.Ordinal));
        }
    }

    private sealed record SiloRun(string Role, Dictionary<string, string> Settings);

    /// <summary>Parses <paramref name="arguments"/> (from <c>run</c> on) with the executable's own <c>run</c> command.</summary>
    private static SiloRun ParseSiloRun(IReadOnlyList<string> arguments, string where)
    {
        Assert.True(arguments.Count > 0 && arguments[0] == "run", $"{where}: '{string.Join(' ', arguments)}' is not silo run");
        var parse = RunCommand.Create().Parse([.. arguments.Skip(1)]);
        Assert.True(parse.Errors.Count == 0, $"{where}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        var settings = new Dictionary<string, string>();
        foreach (var token in parse.UnmatchedTokens)
        {
            var match = SettingArgument().Match(token);
            Assert.True(match.Success, $"{where}: {token} is neither a silo run option nor --Key=Value");
            settings[match.Groups[1].Value] = match.Groups[2].Value;
        }
        var role = arguments.SkipWhile(a => a != "--role").Skip(1).FirstOrDefault() ?? "all";
        return new SiloRun(role, settings);
    }

    [GeneratedRegex("^--([A-Za-z][A-Za-z0-9_:]*)=(.*)$")]
    private static partial Regex SettingArgument();

    /// <summary>A service's <c>silo</c> arguments: its command after the image's ENTRYPOINT, or what its shell entrypoint runs.</summary>
    private static List<string> NodeArguments(YamlMappingNode service)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "Dockerfile"));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"silo.dll\"]", dockerfile);
        if (!service.Children.ContainsKey("entrypoint")) return Sequence(service, "command");
        var shell = Sequence(service, "entrypoint");
        Assert.Equal(["sh", "-c"], shell[..2]);
        var line = shell[2];
        var start = line.IndexOf("silo.dll ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the entrypoint does not run silo.dll: {line}");
        return [.. ShellWord().Matches(line[(start + "silo.dll ".Length)..]).Select(m => m.Value)];
    }

    // A word, or one holding a $$( … ) command substitution with spaces inside.
    [GeneratedRegex(@"\S*\$\$\([^)]*\)\S*|\S+")]
    private static partial Regex ShellWord();

    private static Dictionary<string, YamlMappingNode> ComposeServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Repository.Root, "deploy", "docker-compose.yml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlMappingNode)root.Children["services"]).Children.ToDictionary(c => c.Key.ToString(), c => (YamlMappingNode)c.Value);
    }

    /// <summary>A service's environment, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    private static Dictionary<string, string> EnvironmentOf(YamlMappingNode service)
    {
        var result = new Dictionary<string, string>();
        if (!service.Children.TryGetValue("environment", out var node)) return result;
        void Add(YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
                if (key.ToString() == "<<") Add((YamlMappingNode)value);
                else result.TryAdd(key.ToString(), value.ToString());
        }
        Add((YamlMappingNode)node);
        return result;
    }

    private static Dictionary<string, string> DependsOn(YamlMappingNode service) =>
        service.Children.TryGetValue("depends_on", out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(c => c.Key.ToString(), c => ((YamlMappingNode)c.Value).Children["condition"].ToString())
            : [];

    private static List<string> Sequence(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) ? [.. ((YamlSequenceNode)node).Children.Select(c => c.ToString())] : [];

    private static string Scalar(YamlMappingNode service, string key) => service.Children[key].ToString();

    /// <summary><c>${NAME:-default}</c> → default; anything else as it is.</summary>
    private static string Default(string value) => DefaultValue().Match(value) is { Success: true } m ? m.Groups[1].Value : value;

    [GeneratedRegex(@"^\$\{[A-Z_]+:-(.*)\}$")]
    private static partial Regex DefaultValue();

    /// <summary>The [Service] section's <c>Key=Value</c> lines (a key may repeat).</summary>
    private static List<KeyValuePair<string, string>> UnitSettings(string unit)
    {
        var lines = unit.Split('\n').Select(l => l.Trim()).SkipWhile(l => l != "[Service]").Skip(1).TakeWhile(l => !l.StartsWith('['));
        return [.. lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1]))];
    }
}
