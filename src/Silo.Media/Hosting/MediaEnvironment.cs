using Microsoft.Extensions.Configuration;
using Silo.Hosting.Hosting;
using Silo.Media.Archiving;
using Silo.Media.BlobStores;
using Silo.Media.Meta;
using Silo.Media.Patreon;
using Silo.Media.Transcription;

namespace Silo.Media.Hosting;

/// <summary>The seeds' and the third parties' own environment names for the media module's settings, so one secret serves both.</summary>
internal static class MediaEnvironment
{
    public static void Meta(SeedNames<MetaOptions> names) => names
        .Map("META_APP_SECRET", nameof(MetaOptions.AppSecret), (o, v) => o.AppSecret = v)
        .Map("META_VERIFY_TOKEN", nameof(MetaOptions.VerifyToken), (o, v) => o.VerifyToken = v)
        .Map("META_ACCESS_TOKEN", nameof(MetaOptions.AccessToken), (o, v) => o.AccessToken = v)
        .Map("META_GRAPH_BASE_URL", nameof(MetaOptions.GraphBaseUrl), (o, v) => o.GraphBaseUrl = v);

    public static void Patreon(SeedNames<PatreonOptions> names) => names
        .Map("PATREON_ACCESS_TOKEN", nameof(PatreonOptions.AccessToken), (o, v) => o.AccessToken = v)
        .Map("PATREON_BASE_URL", nameof(PatreonOptions.BaseUrl), (o, v) => o.BaseUrl = v);

    /// <summary>OPENAI_API_KEY is the name OpenAI's own tools read; Silo's own name comes first.</summary>
    public static void Transcription(SeedNames<TranscriptionOptions> names) => names
        .Map("TRANSCRIPTION_API_KEY", nameof(TranscriptionOptions.ApiKey), (o, v) => o.ApiKey = v)
        .Map("OPENAI_API_KEY", nameof(TranscriptionOptions.ApiKey), (o, v) => o.ApiKey = v);

    public static void Policy(SeedNames<MediaPolicyOptions> names) => names
        .Map("MEDIA_PATREON_DOWNLOAD_IMAGES", "Patreon:DownloadImages", (o, v) => o.Patreon.DownloadImages = bool.Parse(v))
        .Map("MEDIA_PATREON_DOWNLOAD_VIDEOS", "Patreon:DownloadVideos", (o, v) => o.Patreon.DownloadVideos = bool.Parse(v))
        .Map("MEDIA_PATREON_DOWNLOAD_AUDIOS", "Patreon:DownloadAudios", (o, v) => o.Patreon.DownloadAudios = bool.Parse(v))
        .Map("MEDIA_YOUTUBE_MODE", "YouTube:Mode", (o, v) => o.YouTube.Mode = v);

    /// <summary>
    /// Azure's names are the ones its own tools read. Seed 000's Supabase names also choose the Supabase backend
    /// when both are given and no backend is, as seed 000's <c>.env</c> does.
    /// </summary>
    public static Action<SeedNames<BlobStoreOptions>> Storage(IConfiguration configuration) => names => names
        .Map("AZURE_STORAGE_CONNECTION_STRING", "Azure:ConnectionString", (o, v) => o.Azure.ConnectionString = v)
        .Map("AZURE_STORAGE_ACCOUNT", "Azure:AccountName", (o, v) => o.Azure.AccountName = v)
        .Map("AZURE_STORAGE_KEY", "Azure:AccountKey", (o, v) => o.Azure.AccountKey = v)
        .Map("SUPABASE_URL", "Supabase:Url", (o, v) => o.Supabase.Url = v)
        .Map("SUPABASE_KEY", "Supabase:Key", (o, v) => o.Supabase.Key = v)
        .Map("SUPABASE_URL", nameof(BlobStoreOptions.Backend), (o, _) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration["SUPABASE_KEY"])) o.Backend = "Supabase";
        });
}
