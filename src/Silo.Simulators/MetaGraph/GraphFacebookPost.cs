namespace Silo.Simulators.MetaGraph;

/// <summary>A Page post the Graph simulator knows; media are names of files on the CDN simulator, signed afresh on every read.</summary>
public sealed record GraphFacebookPost(string Id, string? Message, string? FullPicture = null, string? Picture = null,
    IReadOnlyList<GraphAttachment>? Attachments = null);

/// <summary>An attachment: an image and/or a video on the CDN simulator, with sub-attachments (albums).</summary>
public sealed record GraphAttachment(string? Image, string? Video = null, IReadOnlyList<GraphAttachment>? Subattachments = null);
