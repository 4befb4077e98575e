using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Storage;

namespace Silo.Runtime.Grains;

/// <summary>Declares what a grain type accepts and where it keeps its state.</summary>
public sealed class GrainTypeBuilder
{
    private readonly IServiceCollection _services;
    internal GrainRegistration Registration { get; }

    internal GrainTypeBuilder(IServiceCollection services, GrainRegistration registration)
    {
        _services = services;
        Registration = registration;
    }

    /// <summary>The grain accepts messages of this type, stored under <paramref name="name"/> (default: the type's name).</summary>
    public GrainTypeBuilder Handles<TMessage>(string? name = null)
    {
        Registration.Messages[name ?? typeof(TMessage).Name] = typeof(TMessage);
        return this;
    }

    /// <summary>Keeps the grain's state in its own relational tables instead of the default JSON column.</summary>
    public GrainTypeBuilder UseStateStore<TStore, TState>() where TStore : class, IGrainStateStore<TState> where TState : class, new()
    {
        _services.AddSingleton<TStore>();
        Registration.StateStoreFactory = sp => new TypedStateStore<TState>(sp.GetRequiredService<TStore>());
        return this;
    }
}
