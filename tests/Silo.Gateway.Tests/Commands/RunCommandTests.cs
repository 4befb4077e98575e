using Silo.Host.Commands;

namespace Silo.Gateway.Tests.Commands;

/// <summary><c>silo run</c>'s own options, as deploy/cluster.sh passes them.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public void Parse_DemoJoinUrl_Accepted()
    {
        var parse = RunCommand.Create().Parse(["--role", "silo", "--demo-join", "http://127.0.0.1:5081/", "--Silo:Cluster:SiloPort=11112"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:5081/"), parse.GetValue<Uri?>("--demo-join"));
        Assert.Equal(["--Silo:Cluster:SiloPort=11112"], parse.UnmatchedTokens);
    }

    [Fact]
    public void Parse_DemoJoinNotAUrl_ErrorNamingIt()
    {
        var parse = RunCommand.Create().Parse(["--demo-join", "not a url"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--demo-join", StringComparison.Ordinal));
    }
}
