using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;

namespace Silo.Hosting.Destinations;

public static class DestinationServiceCollectionExtensions
{
    /// <summary>Notifications: the destinations' store, their guarded senders (HTTP, and email when a relay is configured), and the wake-up on each committed event.</summary>
    public static IServiceCollection AddSiloNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<DestinationOptions>(configuration, DestinationOptions.Section);
        services.AddSingleton<DestinationStore>();
        services.AddSingleton<DestinationAddress>();
        services.AddSiloOptions<SmtpRelayOptions>(configuration, SmtpRelayOptions.Section);
        services.AddSingleton<EmailSender>();
        services.AddSingleton<EventSender>();
        services.AddNotificationChannel(DestinationWaker.Channel);
        services.AddHostedService<DestinationWaker>();
        return services;
    }
}
