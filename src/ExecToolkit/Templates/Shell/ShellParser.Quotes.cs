namespace ExecToolkit.Templates;

/// <summary>Single and double quotes.</summary>
internal sealed partial class ShellParser
{
    /// <summary>Reads <c>'...'</c> or <c>"..."</c>; <c>_pos</c> is at the opening quote.</summary>
    private void ParseQuotes(ShellFrame frame, ShellLayers layers)
    {
        using NestingScope nested = Nest();
        int close = Current;
        bool single = close == '\'';
        int open = OpenQuote(frame);
        ShellLayers inner = layers.Push(single ? ShellLayerKind.SingleQuotes : ShellLayerKind.DoubleQuotes);
        while (Current != close)
        {
            if (AtEnd(open, single ? "unterminated single quote" : "unterminated double quote"))
            {
                return;
            }

            if (single)
            {
                ReadInSingleQuotes(frame, inner);
            }
            else
            {
                ReadInDoubleQuotes(frame, inner);
            }
        }

        _pos++;
    }

    /// <summary>Steps past the opening quote or backquote at <c>_pos</c>, which makes the word quoted.</summary>
    /// <returns>The offset of the opening, for the report of an unterminated construct.</returns>
    private int OpenQuote(ShellFrame frame)
    {
        Quoted(frame);
        int open = _source.OffsetAt(_pos);
        _pos++;
        return open;
    }

    /// <summary>Reads one symbol inside <c>'...'</c>, where everything but a placeholder is literal.</summary>
    private void ReadInSingleQuotes(ShellFrame frame, ShellLayers inner)
    {
        if (Current == ShellSource.PlaceholderSymbol)
        {
            Placeholder(frame, inner, ShellContext.Flags.None);
        }
        else
        {
            frame.HasContent = true;
            _pos++;
        }
    }

    /// <summary>Reads one element inside <c>"..."</c>: a placeholder, an expansion, a backslash escape or a character.</summary>
    private void ReadInDoubleQuotes(ShellFrame frame, ShellLayers inner)
    {
        if (ReadEmbedded(frame, frame, inner, true))
        {
            return;
        }

        if (Current != '\\')
        {
            frame.HasContent = true;
            _pos++;
        }
        else if (SkipBackslash(DoubleQuoteEscapes) != '\n')
        {
            // A backslash-newline joins the lines and adds nothing to the word.
            frame.HasContent = true;
        }
    }
}
