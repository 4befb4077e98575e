namespace Silo.Simulators.MetaGraph;

/// <summary>
/// A Page post the Graph simulator knows; media are names of files on the CDN simulator, signed afresh on every read.
/// <paramref name="CreatedTime"/> orders a page's feed (newest first); <paramref name="Link"/> is a shared link's target.
/// </summary>
public sealed record GraphFacebookPost(string Id, string? Message, string? FullPicture = null, string? Picture = null,
    IReadOnlyList<GraphAttachment>? Attachments = null, DateTimeOffset CreatedTime = default);

/// <summary>
/// An attachment: an image and/or a video on the CDN simulator, with sub-attachments (albums).
/// <paramref name="MediaType"/> is Meta's <c>media_type</c> (photo, video, album, share; default from the media);
/// <paramref name="Url"/> the attachment's <c>url</c> (a shared link's target, a photo's page).
/// </summary>
public sealed record GraphAttachment(string? Image, string? Video = null, IReadOnlyList<GraphAttachment>? Subattachments = null,
    string? MediaType = null, string? Url = null);
