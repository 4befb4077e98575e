using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Silo.Hosting.Hosting;

/// <summary>How every module registers its settings: one call per options type.</summary>
public static class SiloOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated at start-up with each bad
    /// setting named by its path, and applies the seeds' environment names given in <paramref name="seedNames"/>
    /// (see <see cref="SeedNames{TOptions}"/> for the one rule they follow).
    /// </summary>
    public static OptionsBuilder<TOptions> AddSiloOptions<TOptions>(this IServiceCollection services, IConfiguration configuration,
        string section, Action<SeedNames<TOptions>>? seedNames = null) where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section));
        var options = services.AddOptions<TOptions>().Bind(configuration.GetSection(section));
        if (seedNames is not null)
        {
            var names = new SeedNames<TOptions>(configuration, section);
            seedNames(names);
            options.PostConfigure(names.Apply);
        }
        return options.ValidateOnStart();
    }
}
