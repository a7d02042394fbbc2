namespace ExecToolkit.Templates;

/// <summary>What <c>$</c> starts: parameters, <c>${...}</c>, <c>$((...))</c> and <c>$(...)</c>.</summary>
internal sealed partial class ShellParser
{
    /// <summary>Reads <c>$</c> and what follows it; <c>_pos</c> is at the <c>$</c>.</summary>
    private void ParseDollar(ShellFrame frame, ShellLayers layers)
    {
        using NestingScope nested = Nest();
        int open = _source.OffsetAt(_pos);
        int next = At(_pos + 1);
        if (next == '(' || next == '{')
        {
            Quoted(frame);
            if (next == '{')
            {
                _pos += 2;
                ParseBrace(frame, layers, open);
            }
            else if (At(_pos + 2) == '(')
            {
                _pos += 3;
                ParseArithmetic(frame, layers, open);
            }
            else
            {
                _pos += 2;
                if (!ParseList(new ShellFrame(), layers.Push(ShellLayerKind.CommandSubstitution), true))
                {
                    _state.Fail(open, "unterminated $(...)");
                }
            }

            frame.HasContent = true;
            return;
        }

        bool backslashed = next == '\\' && At(_pos + 2) == ShellSource.PlaceholderSymbol;
        if (next == ShellSource.PlaceholderSymbol || backslashed)
        {
            // A '$' right before a placeholder starts nothing; the value must not make it start something.
            AddDollarText(frame);
            _pos += backslashed ? 2 : 1;
            var flags = ShellContext.Flags.AdjoinsParameter | ShellContext.Flags.FollowsLoneDollar;
            Placeholder(frame, layers, backslashed ? flags | ShellContext.Flags.FollowsBackslash : flags);
            return;
        }

        if (IsNameStart(next))
        {
            Quoted(frame);
            _pos++;
            while (IsNameChar(Current))
            {
                _pos++;
            }
        }
        else if (next >= 0 && IsSpecialParameter(next))
        {
            Quoted(frame);
            _pos += 2;
        }
        else
        {
            // A lone '$' is literal.
            AddDollarText(frame);
            _pos++;
            return;
        }

        frame.HasContent = true;
        if (Current == ShellSource.PlaceholderSymbol)
        {
            Placeholder(frame, layers, ShellContext.Flags.AdjoinsParameter);
        }
    }

    private static void AddDollarText(ShellFrame frame)
    {
        Quoted(frame);
        frame.HasContent = true;
    }

    /// <summary>Reads <c>${...}</c> after the <c>${</c>: the parameter, the operator and the word or pattern.</summary>
    private void ParseBrace(ShellFrame frame, ShellLayers layers, int open)
    {
        using NestingScope nested = Nest();
        bool quotedOuter = layers.ReadsLikeDoubleQuotes;

        // The parameter: ${#name}, ${name}, ${1}, ${@} ...
        if (Current == '#' && At(_pos + 1) != '}' && At(_pos + 1) != ShellSource.EndSymbol)
        {
            _pos++;
        }

        if (Current == ShellSource.PlaceholderSymbol || IsNameStart(Current))
        {
            ShellLayers name = layers.Push(ShellLayerKind.ParameterWord);
            while (Current == ShellSource.PlaceholderSymbol || IsNameChar(Current))
            {
                if (Current == ShellSource.PlaceholderSymbol)
                {
                    Placeholder(frame, name, ShellContext.Flags.ParameterName);
                }
                else
                {
                    _pos++;
                }
            }
        }
        else if (Current >= 0 && IsSpecialParameter(Current))
        {
            _pos++;
            while (Current >= '0' && Current <= '9')
            {
                _pos++;
            }
        }

        ShellLayerKind kind = ShellLayerKind.ParameterWord;
        int c = Current;
        if (c == ':')
        {
            _pos++;
            c = Current;
        }

        if (c == '-' || c == '=' || c == '?' || c == '+')
        {
            _pos++;
        }
        else if (c == '#' || c == '%')
        {
            kind = ShellLayerKind.ParameterPattern;
            _pos++;
            if (Current == c)
            {
                _pos++;
            }
        }

        // In double quotes (or a here-document) the word reads like double quotes: a backslash quotes only what it
        // quotes there and '...' is literal. A pattern still takes backslashes and single quotes as in bare words.
        bool readsQuoted = quotedOuter && kind != ShellLayerKind.ParameterPattern;
        ShellLayers inner = layers.Push(kind);
        while (Current != '}')
        {
            if (AtEnd(open, "unterminated ${...}"))
            {
                return;
            }

            if (ReadEmbedded(frame, frame, inner, quotedOuter))
            {
                continue;
            }

            switch (Current)
            {
                case '\\':
                    SkipBackslash(readsQuoted ? QuotedBraceWordEscapes : null);
                    break;
                case '\'' when !readsQuoted:
                case '"':
                    ParseQuotes(frame, inner);
                    break;
                default:
                    _pos++;
                    break;
            }
        }

        _pos++;
    }

    /// <summary>Reads <c>$((...))</c> after the <c>$((</c>, balancing parentheses.</summary>
    private void ParseArithmetic(ShellFrame frame, ShellLayers layers, int open)
    {
        using NestingScope nested = Nest();
        ShellLayers inner = layers.Push(ShellLayerKind.Arithmetic);
        bool quotedOuter = layers.ReadsLikeDoubleQuotes;
        int depth = 0;
        while (true)
        {
            if (AtEnd(open, "unterminated $((...))"))
            {
                return;
            }

            if (ReadEmbedded(frame, frame, inner, quotedOuter))
            {
                continue;
            }

            int c = Current;
            if (c == '\\')
            {
                SkipBackslash(null);
                continue;
            }

            _pos++;
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (depth == 0)
                {
                    if (Current == ')')
                    {
                        _pos++;
                    }

                    return;
                }

                depth--;
            }
        }
    }
}
