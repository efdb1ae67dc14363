using System.Buffers.Text;
using System.Text;

namespace SyndicationFunctions.Storage;

/// <summary>An opaque paging cursor: the row key of the last entry served, base64url-encoded.</summary>
public static class ListingCursor
{
    private const int MaxLength = 512;

    public static string Encode(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    /// <summary>The row key inside a cursor, or null when it is not one.</summary>
    public static string? Decode(string cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength || !Base64Url.IsValid(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
