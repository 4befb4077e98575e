using Silo.Runtime.Storage;

namespace Silo.Runtime.Grains;

/// <summary>One grain type as the runtime knows it: CLR type, state type, messages, state store.</summary>
internal sealed class GrainRegistration(string typeName, Type grainClass)
{
    public string TypeName { get; } = typeName;
    public Type GrainClass { get; } = grainClass;
    public Type? StateType { get; } = FindStateType(grainClass);
    public Dictionary<string, Type> Messages { get; } = new(StringComparer.Ordinal);
    public Func<IServiceProvider, IGrainStateStore>? StateStoreFactory { get; set; }

    private static Type? FindStateType(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Grain<>))
                return t.GetGenericArguments()[0];
        return null;
    }
}
