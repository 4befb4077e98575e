using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;

namespace Silo.Hosting.Destinations;

public static class DestinationServiceCollectionExtensions
{
    /// <summary>Notifications: the destinations' store, their guarded sender, and the wake-up on each committed event.</summary>
    public static IServiceCollection AddSiloNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<DestinationOptions>>(new SectionValidator<DestinationOptions>(DestinationOptions.Section));
        services.AddOptions<DestinationOptions>().Bind(configuration.GetSection(DestinationOptions.Section)).ValidateOnStart();
        services.AddSingleton<DestinationStore>();
        services.AddSingleton<DestinationAddress>();
        services.AddSingleton<EventSender>();
        services.AddNotificationChannel(DestinationWaker.Channel);
        services.AddHostedService<DestinationWaker>();
        return services;
    }
}
