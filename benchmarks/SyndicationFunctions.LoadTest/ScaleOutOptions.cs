using System.Globalization;

namespace SyndicationFunctions.LoadTest;

/// <summary>The options of <c>write</c> and <c>bulk</c>: <c>--name value</c> pairs, numbers or text, each known to its mode.</summary>
public sealed class ScaleOutOptions
{
    private readonly Dictionary<string, string> _values;

    private ScaleOutOptions(Dictionary<string, string> values) => _values = values;

    /// <summary>Reads <paramref name="args"/>; every name must be one of <paramref name="defaults"/> (null: no default).</summary>
    public static ScaleOutOptions Parse(string[] args, IReadOnlyDictionary<string, string?> defaults, string usage)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(defaults);
        var values = defaults.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => d.Value!, StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!defaults.ContainsKey(args[i]))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'. {usage}");
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"'{args[i]}' needs a value. {usage}");
            }

            values[args[i]] = args[i + 1];
        }

        return new ScaleOutOptions(values);
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>A whole number at least <paramref name="minimum"/>.</summary>
    public int Number(string name, int minimum = 1)
        => int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"'{name}' needs a whole number of at least {minimum}, not '{Text(name)}'.");

    public override string ToString() => string.Join(' ', _values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}"));
}
