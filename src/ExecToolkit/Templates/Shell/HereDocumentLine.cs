using System;

namespace ExecToolkit.Templates;

/// <summary>
/// A here-document body line whose first value could make the line end the here-document: the template's text before
/// the value is the start of the delimiter (or all of it). <see cref="After"/> is the text after the value when the
/// value is the line's only one; with more values on the line it is unknown (null) and only the first value is
/// checked: a line that already differs from the delimiter before the second value cannot become it.
/// </summary>
internal sealed class HereDocumentLine : IEquatable<HereDocumentLine>
{
    public HereDocumentLine(string before, string delimiter, string? after, bool stripsTabs)
    {
        Before = before;
        Delimiter = delimiter;
        After = after;
        StripsTabs = stripsTabs;
    }

    /// <summary>The line's text before the value, leading tabs included.</summary>
    public string Before { get; }

    /// <summary>The here-document's delimiter as the body is compared with it.</summary>
    public string Delimiter { get; }

    /// <summary>The line's text after the value when it is the only value on the line; null otherwise.</summary>
    public string? After { get; }

    /// <summary>True for <c>&lt;&lt;-</c>: the shells strip the line's leading tabs before comparing.</summary>
    public bool StripsTabs { get; }

    /// <summary>
    /// True when the line, with <paramref name="written"/> (the value as the command holds it) in place, is the
    /// delimiter in every shell, or could be once the values after it are in.
    /// </summary>
    public bool EndsHereDocument(string written)
    {
        string start = Start(written);
        return After is null ? Delimiter.StartsWith(start, StringComparison.Ordinal) : string.Equals(start, Delimiter, StringComparison.Ordinal);
    }

    /// <summary>
    /// True when the line begins with the delimiter followed by <c>)</c> or a byte over 127 (a non-ASCII character or an
    /// escaped byte): ksh93 ends the here-document at the first (so that <c>$(cat &lt;&lt;EOF ... EOF)</c> works) and
    /// loops forever at a multibyte character; dash drops such a byte.
    /// </summary>
    public bool BeginsWithDelimiterAndParenthesisOrHighByte(string written)
    {
        string start = Start(written);
        return start.Length > Delimiter.Length && start.StartsWith(Delimiter, StringComparison.Ordinal)
            && (start[Delimiter.Length] == ')' || start[Delimiter.Length] >= 0x80);
    }

    public bool Equals(HereDocumentLine? other) => other is not null
        && string.Equals(Before, other.Before, StringComparison.Ordinal)
        && string.Equals(Delimiter, other.Delimiter, StringComparison.Ordinal)
        && string.Equals(After, other.After, StringComparison.Ordinal)
        && StripsTabs == other.StripsTabs;

    public override bool Equals(object? obj) => Equals(obj as HereDocumentLine);

    public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Before) * 397) ^ StringComparer.Ordinal.GetHashCode(Delimiter);

    // The line as far as it is known, leading tabs stripped for <<-.
    private string Start(string written)
    {
        string line = Before + written + (After ?? string.Empty);
        return StripsTabs ? line.TrimStart('\t') : line;
    }
}
