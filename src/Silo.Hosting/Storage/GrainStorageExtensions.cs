using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;

namespace Silo.Hosting.Storage;

/// <summary>Registers a module's <see cref="RelationalGrainStorage{TState}"/> under its provider name.</summary>
public static class GrainStorageExtensions
{
    public static ISiloBuilder AddRelationalGrainStorage<TStorage>(this ISiloBuilder silo, string name)
        where TStorage : class, Orleans.Storage.IGrainStorage
    {
        silo.Services.AddGrainStorage(name, (sp, _) => ActivatorUtilities.CreateInstance<TStorage>(sp));
        return silo;
    }
}
