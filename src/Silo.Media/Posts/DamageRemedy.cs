using Silo.Media.Archiving;

namespace Silo.Media.Posts;

/// <summary>What a user can do about a file the scrub could not repair (<see cref="DamagedFileView.Remedy"/>), in the user's words.</summary>
public static class DamageRemedy
{
    /// <summary>The advice for a damaged <paramref name="file"/> (<see cref="DamagedFileView.ItemFile"/> or its preview) of an item archived by <paramref name="action"/>.</summary>
    public static string For(string postId, string file, string action) => (file, action) switch
    {
        (DamagedFileView.PreviewFile, _) =>
            "This is the small copy Silo made of the item's file, which has no link of its own. Archive the post again (a manager: " +
            $"Archive again on its page, or POST /api/posts/{Uri.EscapeDataString(postId)}/retry): the file is downloaded again " +
            "from its source and the small copy made anew from it.",
        (_, MediaAction.Download or MediaAction.YtDlp) =>
            $"Archive the post again (a manager: Archive again on its page, or POST /api/posts/{Uri.EscapeDataString(postId)}/retry): the file is downloaded " +
            "again from its source (an expired link is first refreshed through the Graph API) and stored. If the source no longer " +
            "serves it, Silo cannot restore it: keep the post as it stands (its message and links stay) or delete it.",
        _ => "Silo has no source to fetch this file from again: keep the post as it stands (its message and links stay) or delete it.",
    };
}
