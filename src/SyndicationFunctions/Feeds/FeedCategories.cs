namespace SyndicationFunctions.Feeds;

internal static class FeedCategories
{
    /// <summary>
    /// Marks the category that is the article's section (RSS <c>domain</c>, Atom <c>scheme</c>), as opposed to its tags.
    /// A URN rather than a URL of this app, so it is the same on every host.
    /// </summary>
    public const string SectionScheme = "urn:syndication-functions:section";
}
