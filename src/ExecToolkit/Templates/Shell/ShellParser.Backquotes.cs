namespace ExecToolkit.Templates;

/// <summary>Backquoted command substitutions.</summary>
internal sealed partial class ShellParser
{
    /// <summary>
    /// Reads <c>`...`</c>: collects the text up to the closing backquote, removing the backslashes the shell removes
    /// (before <c>\ ` $</c>, before <c>"</c> when <paramref name="doubleQuoted"/>, and backslash-newline), then reads
    /// that text as a command line.
    /// </summary>
    private void ParseBackquote(ShellFrame frame, ShellLayers layers, bool doubleQuoted)
    {
        using NestingScope nested = Nest();
        int open = OpenQuote(frame);
        var inner = new ShellSource();
        bool closed = false;
        while (true)
        {
            int c = Current;
            if (c == ShellSource.EndSymbol)
            {
                break;
            }

            if (c == '`')
            {
                closed = true;
                _pos++;
                break;
            }

            if (c == '\\')
            {
                int next = At(_pos + 1);
                if (next == ShellSource.PlaceholderSymbol)
                {
                    _pos++;
                    inner.Add(next, _source.OffsetAt(_pos), _source.PlaceholderIndexes[_pos], true);
                    _pos++;
                    continue;
                }

                if (next == '\\' || next == '`' || next == '$' || (doubleQuoted && next == '"'))
                {
                    _pos++;
                    inner.Add(next, _source.OffsetAt(_pos), -1, false);
                    _pos++;
                    continue;
                }

                if (next == '\n')
                {
                    _pos += 2;
                    continue;
                }
            }

            inner.Add(c, _source.OffsetAt(_pos), _source.PlaceholderIndexes[_pos], _source.BackslashBefore[_pos]);
            _pos++;
        }

        inner.EndOffset = _source.OffsetAt(_pos);
        var parser = new ShellParser(inner, _state);
        parser.ParseList(new ShellFrame(), layers.Push(doubleQuoted ? ShellLayerKind.BackquotesInDoubleQuotes : ShellLayerKind.Backquotes), false);
        if (!closed)
        {
            _state.Fail(open, "unterminated backquote");
        }

        frame.HasContent = true;
    }
}
