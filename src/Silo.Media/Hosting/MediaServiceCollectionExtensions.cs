using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Backfill;
using Silo.Media.BlobStores;
using Silo.Media.Intake;
using Silo.Media.Meta;
using Silo.Media.Patreon;
using Silo.Media.Posts;
using Silo.Media.Transcription;
using Silo.Media.Transcription.Backfill;
using Orleans.Runtime.Hosting;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;

namespace Silo.Media.Hosting;

/// <summary>Wires the media module: options, the guarded fetcher, the blob store, the Graph client and the post grains' storage.</summary>
public static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddSiloMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTenantOwnership(configuration);
        AddOptions<MediaOptions>(services, configuration, MediaOptions.Section);
        AddOptions<BlobStoreOptions>(services, configuration, BlobStoreOptions.Section);
        AddOptions<MediaPolicyOptions>(services, configuration, MediaPolicyOptions.Section);
        AddOptions<MetaOptions>(services, configuration, MetaOptions.Section);
        AddOptions<BackfillOptions>(services, configuration, BackfillOptions.Section);
        AddOptions<PatreonOptions>(services, configuration, PatreonOptions.Section);
        AddOptions<PatreonCrawlOptions>(services, configuration, PatreonCrawlOptions.Section);
        services.PostConfigure<PatreonOptions>(o =>
        {
            o.AccessToken = configuration["PATREON_ACCESS_TOKEN"] ?? o.AccessToken;
            o.BaseUrl = configuration["PATREON_BASE_URL"] ?? o.BaseUrl;
        });
        AddOptions<TranscriptionOptions>(services, configuration, TranscriptionOptions.Section);
        AddOptions<IntakeOptions>(services, configuration, IntakeOptions.Section);
        services.PostConfigure<MetaOptions>(o =>
        {
            o.AppSecret = configuration["META_APP_SECRET"] ?? o.AppSecret;
            o.VerifyToken = configuration["META_VERIFY_TOKEN"] ?? o.VerifyToken;
            o.AccessToken = configuration["META_ACCESS_TOKEN"] ?? o.AccessToken;
            o.GraphBaseUrl = configuration["META_GRAPH_BASE_URL"] ?? o.GraphBaseUrl;
        });
        // OPENAI_API_KEY is the name OpenAI's own tools read, so one secret serves both; Silo's own name wins.
        services.PostConfigure<TranscriptionOptions>(o =>
            o.ApiKey = configuration["TRANSCRIPTION_API_KEY"] ?? (string.IsNullOrEmpty(o.ApiKey) ? configuration["OPENAI_API_KEY"] : null) ?? o.ApiKey);
        services.PostConfigure<BlobStoreOptions>(o =>
        {
            // The names Azure's own tools read, so one secret serves both.
            o.Azure.ConnectionString = configuration["AZURE_STORAGE_CONNECTION_STRING"] ?? o.Azure.ConnectionString;
            o.Azure.AccountName = configuration["AZURE_STORAGE_ACCOUNT"] ?? o.Azure.AccountName;
            o.Azure.AccountKey = configuration["AZURE_STORAGE_KEY"] ?? o.Azure.AccountKey;
            // Seed 000's names. With both given and no backend chosen, they choose Supabase, as seed 000's .env does.
            o.Supabase.Url = configuration["SUPABASE_URL"] ?? o.Supabase.Url;
            o.Supabase.Key = configuration["SUPABASE_KEY"] ?? o.Supabase.Key;
            if (string.IsNullOrEmpty(configuration[$"{BlobStoreOptions.Section}:Backend"])
                && !string.IsNullOrWhiteSpace(configuration["SUPABASE_URL"]) && !string.IsNullOrWhiteSpace(configuration["SUPABASE_KEY"]))
                o.Backend = "Supabase";
        });
        services.PostConfigure<MediaPolicyOptions>(o =>
        {
            if (bool.TryParse(configuration["MEDIA_PATREON_DOWNLOAD_IMAGES"], out var images)) o.Patreon.DownloadImages = images;
            if (bool.TryParse(configuration["MEDIA_PATREON_DOWNLOAD_VIDEOS"], out var videos)) o.Patreon.DownloadVideos = videos;
            if (bool.TryParse(configuration["MEDIA_PATREON_DOWNLOAD_AUDIOS"], out var audios)) o.Patreon.DownloadAudios = audios;
            if (configuration["MEDIA_YOUTUBE_MODE"] is { Length: > 0 } mode) o.YouTube.Mode = mode;
        });

        services.AddSingleton<MediaWorkLimits>();
        services.AddSingleton(sp => new MediaFetcher(sp.GetRequiredService<IOptions<MediaOptions>>(), limits: sp.GetRequiredService<MediaWorkLimits>()));
        services.AddSingleton<FileSystemBlobStore>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AzureBlobStore>(sp));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value switch
        {
            var o when o.Uses("S3") => ActivatorUtilities.CreateInstance<S3BlobStore>(sp),
            var o when o.Uses("Azure") => sp.GetRequiredService<AzureBlobStore>(),
            var o when o.Uses("Supabase") => ActivatorUtilities.CreateInstance<SupabaseBlobStore>(sp),
            _ => sp.GetRequiredService<FileSystemBlobStore>(),
        });
        services.AddSingleton<StorageKeys>();
        services.AddSingleton<YtDlpDownloader>();
        services.AddSingleton<Archiving.Probing.PreviewMaker>();
        services.AddSingleton<FormatConverter>();
        services.AddSingleton<MediaArchiver>();
        services.AddSingleton<MediaPolicy>();
        services.AddSingleton<DisplayImage>();
        services.AddSingleton<MediaQueries>();
        services.AddHttpClient<MetaGraphClient>(http => http.Timeout = TimeSpan.FromSeconds(30));

        // Post grains keep their state in the module's own tables; the grains themselves are found by Orleans' code generation.
        services.AddGrainStorage(PostStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<PostStorage>(sp));
        services.AddGrainStorage(BackfillStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<BackfillStorage>(sp));
        services.AddSingleton<TokenThrottle>();
        services.AddSingleton<BackfillQueries>();
        services.AddHttpClient<PatreonClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<PatreonCrawlOptions>>().Value.RequestTimeout);
        services.AddGrainStorage(PatreonCrawlIds.StorageName, (sp, _) => ActivatorUtilities.CreateInstance<PatreonCrawlStorage>(sp));
        services.AddSingleton<PatreonPhaseGate>();
        services.AddKeyedSingleton<TokenThrottle>(PatreonCrawlIds.TokenRests);
        services.AddSingleton<PatreonCrawlQueries>();
        services.AddGrainStorage(TranscriptStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<TranscriptStorage>(sp));
        services.AddSingleton<AudioSplitter>();
        services.AddSingleton<TranscriptionSlots>();
        services.AddGrainStorage(TranscriptBackfillStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<TranscriptBackfillStorage>(sp));
        services.AddSingleton<TranscriptBackfillQueries>();
        // Each call has its own limit (Silo:Transcription:RequestTimeout), longer than HttpClient's default 100 s.
        services.AddHttpClient<TranscriptionClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        // The post intake: every node that answers webhooks writes it; every silo wakes its shards at start.
        services.AddSingleton<IntakeStore>();
        services.AddSingleton<IntakeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IntakeWriter>());
        services.AddHostedService<IntakeShardsOnStart>();
        return services;
    }

    private static void AddOptions<T>(IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}
