namespace Silo.Gateway.Dashboard.Sections;

/// <summary>What a module section shows before its module has landed: which tables it waits for.</summary>
internal sealed record Unavailable(IReadOnlyList<string> MissingTables)
{
    public bool Available => false;
}
