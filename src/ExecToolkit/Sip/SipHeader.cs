using System;

namespace ExecToolkit.Sip;

/// <summary>One header line as Kamailio stores it: the name as written, its type, and the body.</summary>
public sealed class SipHeader
{
    // Decoded when first asked for: most headers of a request are never read as text.
    private string? name;
    private string? value;

    internal SipHeader(ReadOnlyMemory<byte> rawName, HeaderType type, ReadOnlyMemory<byte> rawValue, int line, int offset)
    {
        RawName = rawName;
        RawValue = rawValue;
        Type = type;
        Line = line;
        Offset = offset;
    }

    /// <summary>The name as written (<c>f</c>, <c>X-Foo.Bar</c>).</summary>
    public string Name => name ??= SipText.Decode(RawName.Span);

    /// <summary>The parser's type for the name.</summary>
    public HeaderType Type { get; }

    /// <summary>
    /// The body: after the colon and the whitespace that follows it, up to the line end; trailing spaces kept, folded
    /// continuation lines kept as received (their CRLF and leading whitespace included).
    /// </summary>
    public string Value => value ??= SipText.Decode(RawValue.Span);

    /// <summary>The name's bytes.</summary>
    public ReadOnlyMemory<byte> RawName { get; }

    /// <summary>The body's exact bytes.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>1-based line of the header in the message.</summary>
    public int Line { get; }

    /// <summary>Byte offset of the header name in the message.</summary>
    public int Offset { get; }

    /// <inheritdoc/>
    public override string ToString() => Name + ": " + Value;
}
