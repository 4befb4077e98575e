using Silo.Media.Export;
using Silo.Hosting.Storage;
using Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Backfill;
using Silo.Media.BlobStores;
using Silo.Media.Deletion;
using Silo.Media.Intake;
using Silo.Media.Meta;
using Silo.Media.Patreon;
using Silo.Media.Posts;
using Silo.Media.Transcription;
using Silo.Media.Scrub;
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
        services.AddSiloOptions<MediaOptions>(configuration, MediaOptions.Section);
        services.AddSiloOptions<BlobStoreOptions>(configuration, BlobStoreOptions.Section, MediaEnvironment.Storage(configuration));
        services.AddSiloOptions<MediaPolicyOptions>(configuration, MediaPolicyOptions.Section, MediaEnvironment.Policy);
        services.AddSiloOptions<MetaOptions>(configuration, MetaOptions.Section, MediaEnvironment.Meta);
        services.AddSiloOptions<BackfillOptions>(configuration, BackfillOptions.Section);
        services.AddSiloOptions<PatreonOptions>(configuration, PatreonOptions.Section, MediaEnvironment.Patreon);
        services.AddSiloOptions<PatreonCrawlOptions>(configuration, PatreonCrawlOptions.Section);
        services.AddSiloOptions<TranscriptionOptions>(configuration, TranscriptionOptions.Section, MediaEnvironment.Transcription);
        services.AddSiloOptions<IntakeOptions>(configuration, IntakeOptions.Section);
        services.AddSiloOptions<DeletionOptions>(configuration, DeletionOptions.Section);
        services.AddSiloOptions<ScrubOptions>(configuration, ScrubOptions.Section);
        services.AddSiloOptions<ExportOptions>(configuration, ExportOptions.Section);

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

        services.AddSingleton<TokenThrottle>();
        services.AddSingleton<BackfillQueries>();
        services.AddHttpClient<PatreonClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<PatreonCrawlOptions>>().Value.RequestTimeout);
        services.AddSingleton<PatreonPhaseGate>();
        services.AddKeyedSingleton<TokenThrottle>(PatreonCrawlIds.TokenRests);
        services.AddSingleton<PatreonCrawlQueries>();
        services.AddSingleton<AudioSplitter>();
        services.AddSingleton<TranscriptionSlots>();
        services.AddSingleton<TranscriptBackfillQueries>();
        services.AddSingleton<ExportQueries>();
        services.AddSingleton<ExportSegmentWriter>();
        services.AddSingleton<ExportExpiry>();
        // Each call has its own limit (Silo:Transcription:RequestTimeout), longer than HttpClient's default 100 s.
        services.AddHttpClient<TranscriptionClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        // The post intake: every node that answers webhooks writes it; every silo wakes its shards at start.
        services.AddSingleton<IntakeStore>();
        services.AddSingleton<IntakeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IntakeWriter>());
        services.AddHostedService<IntakeShardsOnStart>();
        services.AddSingleton<FileSweep>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<DeletionQueries>();
        services.AddHostedService<FileSweepOnStart>();
        services.AddSingleton<ScrubThrottle>();
        services.AddSingleton<StoredFileCheck>();
        services.AddSingleton<ScrubRepair>();
        services.AddSingleton<PreviewRemake>();
        services.AddSingleton<ScrubQueries>();
        services.AddHostedService<ScrubOnStart>();
        return services;
    }

    /// <summary>
    /// The media grains' storage, on silos only: each grain keeps its state in the module's own tables. The grains
    /// themselves are found by Orleans' code generation.
    /// </summary>
    public static ISiloBuilder AddMediaGrains(this ISiloBuilder silo) => silo
        .AddRelationalGrainStorage<PostStorage>(PostStorage.Name)
        .AddRelationalGrainStorage<BackfillStorage>(BackfillStorage.Name)
        .AddRelationalGrainStorage<PatreonCrawlStorage>(PatreonCrawlIds.StorageName)
        .AddRelationalGrainStorage<TranscriptStorage>(TranscriptStorage.Name)
        .AddRelationalGrainStorage<TranscriptBackfillStorage>(TranscriptBackfillStorage.Name)
        .AddRelationalGrainStorage<ScrubStorage>(ScrubIds.StorageName)
        .AddRelationalGrainStorage<ExportStorage>(ExportStorage.Name);
}
