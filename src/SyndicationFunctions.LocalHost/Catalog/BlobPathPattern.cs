using System.Text;
using System.Text.RegularExpressions;

namespace SyndicationFunctions.LocalHost.Catalog;

/// <summary>
/// A blob trigger path such as <c>articles-inbox/{name}</c>: the container, and a pattern for blob names
/// whose <c>{tokens}</c> become binding values (a token may span '/', as on the real host).
/// </summary>
public sealed class BlobPathPattern
{
    private readonly Regex _blobName;

    private BlobPathPattern(string path, string container, string blobNamePattern, IReadOnlyList<string> tokens, Regex blobName)
    {
        Path = path;
        Container = container;
        BlobNamePattern = blobNamePattern;
        Tokens = tokens;
        _blobName = blobName;
        var firstToken = blobNamePattern.IndexOf('{', StringComparison.Ordinal);
        LiteralPrefix = firstToken < 0 ? blobNamePattern : blobNamePattern[..firstToken];
    }

    public string Path { get; }

    public string Container { get; }

    public string BlobNamePattern { get; }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The part of the blob name before the first token, so a listing can ask for that prefix only.</summary>
    public string LiteralPrefix { get; }

    public static BlobPathPattern Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1 || path[..slash].Contains('{', StringComparison.Ordinal))
        {
            throw new FormatException($"Blob trigger path '{path}' must be 'container/blob-name-pattern' with a literal container name.");
        }

        var container = path[..slash];
        var namePattern = path[(slash + 1)..];
        var tokens = new List<string>();
        var regex = new StringBuilder("^");
        var position = 0;
        foreach (Match token in Regex.Matches(namePattern, @"\{(?<token>[A-Za-z_][A-Za-z0-9_]*)\}"))
        {
            regex.Append(Regex.Escape(namePattern[position..token.Index]));
            var name = token.Groups["token"].Value;
            tokens.Add(name);
            regex.Append("(?<").Append(name).Append(">.+?)");
            position = token.Index + token.Length;
        }

        regex.Append(Regex.Escape(namePattern[position..])).Append('$');
        return new BlobPathPattern(path, container, namePattern, tokens,
            new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline));
    }

    /// <summary>The token values for a blob name, or null when the name does not fit the pattern.</summary>
    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = _blobName.Match(blobName);
        return match.Success
            ? Tokens.ToDictionary(token => token, token => match.Groups[token].Value, StringComparer.OrdinalIgnoreCase)
            : null;
    }
}
