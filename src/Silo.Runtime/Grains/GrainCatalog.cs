using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Storage;

namespace Silo.Runtime.Grains;

/// <summary>Every registered grain type and message type; turns names in the database into CLR types.</summary>
internal sealed class GrainCatalog
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, GrainRegistration> _grains;
    private readonly Dictionary<Type, string> _messageNames = [];
    private readonly Dictionary<string, Type> _messageTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IGrainStateStore> _stores = new(StringComparer.Ordinal);

    public GrainCatalog(IEnumerable<GrainRegistration> registrations, IServiceProvider services)
    {
        _grains = registrations.ToDictionary(r => r.TypeName, StringComparer.Ordinal);
        foreach (var grain in _grains.Values)
        {
            foreach (var (name, type) in grain.Messages)
            {
                if (_messageTypes.TryGetValue(name, out var existing) && existing != type)
                    throw new InvalidOperationException($"Message name '{name}' is used by both {existing} and {type}.");
                _messageTypes[name] = type;
                _messageNames[type] = name;
            }
            _stores[grain.TypeName] = grain.StateStoreFactory?.Invoke(services)
                ?? (grain.StateType is null ? NoStateStore.Instance : new JsonStateStore(grain.StateType));
        }
    }

    public IReadOnlyCollection<string> GrainTypes => _grains.Keys;

    public GrainRegistration Get(string grainType) =>
        _grains.TryGetValue(grainType, out var r) ? r : throw new InvalidOperationException($"Grain type '{grainType}' is not registered.");

    public IGrainStateStore StateStore(string grainType) => _stores[grainType];

    public string MessageName(Type messageType) =>
        _messageNames.TryGetValue(messageType, out var name)
            ? name
            : throw new InvalidOperationException($"{messageType.Name} is not a registered grain message: add .Handles<{messageType.Name}>() to the grain that receives it.");

    public string Serialize(object message) => JsonSerializer.Serialize(message, message.GetType(), Json);

    public object Deserialize(string messageName, string payload) =>
        _messageTypes.TryGetValue(messageName, out var type)
            ? JsonSerializer.Deserialize(payload, type, Json)!
            : throw new InvalidOperationException($"Message type '{messageName}' is not registered.");
}
