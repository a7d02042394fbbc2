using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>The recursive reader behind <see cref="ShellScanner"/>.</summary>
internal sealed class ShellParser
{
    private readonly ShellSource _source;
    private readonly ShellScanState _state;
    private List<int>? _lineCollector;
    private int _pos;
    private int _nesting;

    /// <summary>
    /// How many nested readers one template may need: a quote, a <c>$(</c>, <c>${</c>, <c>$((</c> or <c>(</c> takes one or
    /// two, so about 500 levels of nesting are accepted.
    /// </summary>
    internal const int MaxNesting = 1000;

    /// <summary>The reason of the <see cref="TemplateParseException"/> past <see cref="MaxNesting"/>.</summary>
    internal const string TooDeep = "quotes, substitutions and expansions nested too deeply (about 500 levels at most)";

    public ShellParser(ShellSource source, ShellScanState state)
    {
        _source = source;
        _state = state;
    }

    private int At(int position) => position < _source.Count ? _source.Symbols[position] : ShellSource.EndSymbol;

    private int Current => At(_pos);

    private static bool IsNameStart(int c) => c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsNameChar(int c) => IsNameStart(c) || (c >= '0' && c <= '9');

    private static bool IsSpecialParameter(int c) => c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' || (c >= '0' && c <= '9');

    /// <summary>Reads a command list up to the end of the source or, when <paramref name="closeParen"/>, a closing <c>)</c>.</summary>
    /// <returns>True when the closing parenthesis was found.</returns>

    public bool ParseList(ShellFrame frame, ShellLayers layers, bool closeParen)
    {
        using NestingScope nested = Nest();
        while (true)
        {
            int c = Current;
            switch (c)
            {
                case ShellSource.EndSymbol:
                    EndWord(frame);
                    if (frame.PendingHereDocuments.Count > 0)
                    {
                        _state.Fail(frame.PendingHereDocuments[0].Offset, "here-document without body");
                    }

                    return false;
                case ShellSource.PlaceholderSymbol:
                    Placeholder(frame, layers, ShellContext.Flags.None);
                    _pos++;
                    break;
                case ' ':
                case '\t':
                    EndWord(frame);
                    _pos++;
                    break;
                case '\n':
                    EndWord(frame);
                    Operator(frame);
                    _pos++;
                    ReadHereDocuments(frame, layers);
                    break;
                case '#' when !frame.InWord:
                    while (Current != ShellSource.EndSymbol && Current != '\n')
                    {
                        if (Current == ShellSource.PlaceholderSymbol)
                        {
                            Record(null, layers, ShellContext.Flags.Comment);
                        }

                        _pos++;
                    }

                    break;
                case ';':
                    EndWord(frame);
                    _pos++;
                    if (Current == ';')
                    {
                        _pos++;
                        int[]? kase = frame.CurrentCase;
                        if (kase != null && kase[0] == 4)
                        {
                            kase[0] = 3;
                        }
                    }

                    Operator(frame);
                    break;
                case '&':
                case '|':
                    EndWord(frame);
                    _pos++;
                    if (Current == c)
                    {
                        _pos++;
                    }

                    Operator(frame);
                    break;
                case '(':
                    EndWord(frame);
                    _pos++;
                    int[]? openCase = frame.CurrentCase;
                    if (openCase != null && openCase[0] == 3)
                    {
                        break;
                    }

                    frame.ParenDepth++;
                    Operator(frame);
                    frame.LastWasOpenParen = true;
                    break;
                case ')':
                    EndWord(frame);
                    _pos++;
                    int[]? closeCase = frame.CurrentCase;
                    if (closeCase != null && closeCase[0] == 3)
                    {
                        closeCase[0] = 4;
                        Operator(frame);
                    }
                    else if (frame.ParenDepth > 0)
                    {
                        frame.ParenDepth--;
                        bool functionDefinition = frame.LastWasOpenParen;
                        Operator(frame);
                        frame.CommandPosition = functionDefinition;
                    }
                    else if (closeParen)
                    {
                        return true;
                    }

                    break;
                case '<':
                case '>':
                    Redirection(frame, layers);
                    break;
                case '\\':
                    {
                        int next = At(_pos + 1);
                        if (next == '\n')
                        {
                            _pos += 2;
                        }
                        else if (next == ShellSource.PlaceholderSymbol)
                        {
                            _pos++;
                            Placeholder(frame, layers, ShellContext.Flags.FollowsBackslash);
                            _pos++;
                        }
                        else
                        {
                            Quoted(frame);
                            frame.HasContent = true;
                            _pos += next == ShellSource.EndSymbol ? 1 : 2;
                        }

                        break;
                    }

                case '\'':
                    ParseSingle(frame, layers);
                    break;
                case '"':
                    ParseDouble(frame, layers);
                    break;
                case '`':
                    ParseBackquote(frame, layers, false);
                    break;
                case '$':
                    ParseDollar(frame, layers);
                    break;
                default:
                    AddPlain(frame, (char)c);
                    _pos++;
                    break;
            }
        }
    }

    private static void Operator(ShellFrame frame)
    {
        frame.CommandPosition = true;
        frame.RedirectionPending = false;
        frame.LastWasOpenParen = false;
    }

    private static void BeginWord(ShellFrame frame)
    {
        if (frame.InWord)
        {
            return;
        }

        frame.InWord = true;
        frame.HasContent = false;
        frame.TildePrefixOpen = false;
        frame.Plain = true;
        frame.Word.Length = 0;
        frame.WordIsRedirection = frame.RedirectionPending;
        frame.RedirectionPending = false;
        frame.LastWasOpenParen = false;
        int[]? kase = frame.CurrentCase;
        bool caseWord = kase != null && kase[0] != 4;
        frame.WordIsCommand = frame.CommandPosition && !frame.WordIsRedirection && !caseWord;
        frame.AssignmentPossible = true;
        frame.IsAssignment = false;
    }

    private static void AddPlain(ShellFrame frame, char c)
    {
        BeginWord(frame);
        if (c == '~')
        {
            char before = frame.Word.Length == 0 ? '\0' : frame.Word[frame.Word.Length - 1];
            frame.TildePrefixOpen |= (frame.Word.Length == 0 && !frame.HasContent) || (frame.IsAssignment && (before == '=' || before == ':'));
        }
        else if (c == '/' || (c == ':' && frame.IsAssignment))
        {
            frame.TildePrefixOpen = false;
        }

        frame.Word.Append(c);
        frame.HasContent = true;
        if (frame.IsAssignment || !frame.AssignmentPossible)
        {
            return;
        }

        if (c == '=')
        {
            if (frame.Word.Length > 1)
            {
                frame.IsAssignment = true;
            }
            else
            {
                frame.AssignmentPossible = false;
            }
        }
        else if (!IsNameChar(c) || (frame.Word.Length == 1 && !IsNameStart(c)))
        {
            frame.AssignmentPossible = false;
        }
    }

    /// <summary>Marks quoted or expanded material in the current word.</summary>
    private static void Quoted(ShellFrame frame)
    {
        BeginWord(frame);
        frame.Plain = false;
        if (!frame.IsAssignment)
        {
            frame.AssignmentPossible = false;
        }
    }

    private static bool IsKeyword(string word, out bool commandFollows)
    {
        switch (word)
        {
            case "if":
            case "then":
            case "else":
            case "elif":
            case "do":
            case "while":
            case "until":
            case "!":
            case "{":
                commandFollows = true;
                return true;
            case "fi":
            case "done":
            case "}":
            case "for":
            case "case":
            case "esac":
            case "in":
                commandFollows = false;
                return true;
            default:
                commandFollows = false;
                return false;
        }
    }

    private static void EndWord(ShellFrame frame)
    {
        if (!frame.InWord)
        {
            return;
        }

        frame.InWord = false;
        if (frame.WordIsRedirection)
        {
            return;
        }

        string word = frame.Plain ? frame.Word.ToString() : string.Empty;
        int[]? kase = frame.CurrentCase;
        if (kase != null)
        {
            switch (kase[0])
            {
                case 1:
                    kase[0] = 2;
                    return;
                case 2:
                    if (word == "in")
                    {
                        kase[0] = 3;
                    }

                    return;
                case 3:
                    if (word == "esac")
                    {
                        frame.Cases.RemoveAt(frame.Cases.Count - 1);
                        frame.CommandPosition = false;
                    }

                    return;
                default:
                    if (frame.CommandPosition && word == "esac")
                    {
                        frame.Cases.RemoveAt(frame.Cases.Count - 1);
                        frame.CommandPosition = false;
                        return;
                    }

                    break;
            }
        }

        if (frame.CommandPosition && frame.Plain && IsKeyword(word, out bool commandFollows))
        {
            frame.CommandPosition = commandFollows;
            if (word == "case")
            {
                frame.Cases.Add(new[] { 1, frame.ParenDepth });
            }

            return;
        }

        if (frame.CommandPosition && frame.IsAssignment)
        {
            return;
        }

        frame.CommandPosition = false;
    }

    private void Placeholder(ShellFrame? frame, ShellLayers layers, ShellContext.Flags flags)
    {
        if (frame != null)
        {
            Quoted(frame);
        }

        Record(frame, layers, flags);
        if (frame != null)
        {
            frame.HasContent = true;
        }
    }

    private void Record(ShellFrame? frame, ShellLayers layers, ShellContext.Flags flags)
    {
        if (_source.BackslashBefore[_pos])
        {
            flags |= ShellContext.Flags.FollowsBackslash;
        }

        if (frame != null && (flags & ShellContext.Flags.Comment) == 0)
        {
            if (frame.WordIsRedirection)
            {
                flags |= ShellContext.Flags.RedirectionTarget;
            }

            if (frame.WordIsCommand && !frame.IsAssignment)
            {
                flags |= ShellContext.Flags.CommandWord;
            }

            if (!frame.HasContent)
            {
                flags |= ShellContext.Flags.WordStart;
            }

            if (frame.InWord && frame.TildePrefixOpen)
            {
                flags |= ShellContext.Flags.TildePrefix;
            }
        }

        int index = _source.PlaceholderIndexes[_pos];
        _state.Contexts[index] = new ShellContext(layers, flags, null);
        _lineCollector?.Add(index);
    }

    private void Redirection(ShellFrame frame, ShellLayers layers)
    {
        // Digits right before the operator name a file descriptor and are not a word.
        if (frame.InWord && frame.Plain && frame.Word.Length > 0 && !frame.WordIsRedirection && IsAllDigits(frame.Word))
        {
            frame.InWord = false;
        }
        else
        {
            EndWord(frame);
        }

        int c = Current;
        int next = At(_pos + 1);
        _pos++;
        frame.LastWasOpenParen = false;
        if (c == '<' && next == '<')
        {
            _pos++;
            bool strip = false;
            if (Current == '-')
            {
                strip = true;
                _pos++;
            }

            ReadHereDelimiter(frame, layers, strip);
            return;
        }

        if ((c == '<' && (next == '>' || next == '&')) || (c == '>' && (next == '>' || next == '|' || next == '&')))
        {
            _pos++;
        }

        frame.RedirectionPending = true;
    }

    private static bool IsAllDigits(StringBuilder word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            if (word[i] < '0' || word[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private void ReadHereDelimiter(ShellFrame frame, ShellLayers layers, bool strip)
    {
        while (Current == ' ' || Current == '\t')
        {
            _pos++;
        }

        int start = _source.OffsetAt(_pos);
        var delimiter = new StringBuilder();
        bool quoted = false;
        var flags = ShellContext.Flags.RedirectionTarget | ShellContext.Flags.HereDocumentDelimiter;
        while (true)
        {
            int c = Current;
            if (c == ShellSource.EndSymbol || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|'
                || c == '<' || c == '>' || c == '(' || c == ')')
            {
                break;
            }

            if (c == ShellSource.PlaceholderSymbol)
            {
                Record(null, layers, flags);
                delimiter.Append('\uFFFF');
                _pos++;
            }
            else if (c == '\\')
            {
                quoted = true;
                _pos++;
                if (Current == ShellSource.PlaceholderSymbol)
                {
                    Record(null, layers, flags | ShellContext.Flags.FollowsBackslash);
                    delimiter.Append('\uFFFF');
                }
                else if (Current >= 0)
                {
                    delimiter.Append((char)Current);
                }

                _pos++;
            }
            else if (c == '\'' || c == '"')
            {
                quoted = true;
                int open = _source.OffsetAt(_pos);
                ShellLayers inner = layers.Push(c == '\'' ? ShellLayerKind.SingleQuotes : ShellLayerKind.DoubleQuotes);
                _pos++;
                while (Current != c)
                {
                    if (Current == ShellSource.EndSymbol)
                    {
                        _state.Fail(open, c == '\'' ? "unterminated single quote" : "unterminated double quote");
                        return;
                    }

                    if (Current == ShellSource.PlaceholderSymbol)
                    {
                        Record(null, inner, flags);
                        delimiter.Append('\uFFFF');
                    }
                    else if (c == '"' && Current == '\\' && (At(_pos + 1) == '\\' || At(_pos + 1) == '"' || At(_pos + 1) == '$' || At(_pos + 1) == '`'))
                    {
                        _pos++;
                        delimiter.Append((char)Current);
                    }
                    else
                    {
                        delimiter.Append((char)Current);
                    }

                    _pos++;
                }

                _pos++;
            }
            else
            {
                delimiter.Append((char)c);
                _pos++;
            }
        }

        frame.PendingHereDocuments.Add(new ShellHereDocument(delimiter.ToString(), quoted, strip, start));
    }

    private void ReadHereDocuments(ShellFrame frame, ShellLayers layers)
    {
        foreach (ShellHereDocument here in frame.PendingHereDocuments)
        {
            ReadHereDocument(here, layers.Push(here.Quoted ? ShellLayerKind.QuotedHereDocument : ShellLayerKind.HereDocument));
        }

        frame.PendingHereDocuments.Clear();
    }

    private void ReadHereDocument(ShellHereDocument here, ShellLayers layers)
    {
        while (true)
        {
            if (Current == ShellSource.EndSymbol)
            {
                _state.Fail(here.Offset, "here-document not terminated by its delimiter \"" + here.Delimiter + "\"");
                return;
            }

            int lineStart = _pos;
            int lineEnd = lineStart;
            bool hasPlaceholder = false;
            var text = new StringBuilder();
            while (At(lineEnd) != ShellSource.EndSymbol && At(lineEnd) != '\n')
            {
                int c = At(lineEnd);
                if (c == ShellSource.PlaceholderSymbol)
                {
                    hasPlaceholder = true;
                }
                else
                {
                    text.Append((char)c);
                }

                lineEnd++;
            }

            string line = text.ToString();
            if (here.StripTabs)
            {
                line = line.TrimStart('\t');
            }

            if (!hasPlaceholder && string.Equals(line, here.Delimiter, StringComparison.Ordinal))
            {
                _pos = At(lineEnd) == '\n' ? lineEnd + 1 : lineEnd;
                return;
            }

            var collected = new List<int>();
            List<int>? saved = _lineCollector;
            _lineCollector = collected;
            if (here.Quoted)
            {
                for (; _pos < lineEnd; _pos++)
                {
                    if (Current == ShellSource.PlaceholderSymbol)
                    {
                        Record(null, layers, ShellContext.Flags.None);
                    }
                }
            }
            else
            {
                ParseHereLine(layers);
            }

            _lineCollector = saved;
            saved?.AddRange(collected);
            if (hasPlaceholder)
            {
                GuardHereLine(here, layers, lineStart, lineEnd, collected);
                if (here.StripTabs)
                {
                    MarkTabStripping(layers, lineStart);
                }
            }

            if (Current == '\n')
            {
                _pos++;
            }
        }
    }

    private void ParseHereLine(ShellLayers layers)
    {
        var dummy = new ShellFrame();
        while (true)
        {
            int c = Current;
            switch (c)
            {
                case ShellSource.EndSymbol:
                case '\n':
                    return;
                case ShellSource.PlaceholderSymbol:
                    Record(null, layers, ShellContext.Flags.None);
                    _pos++;
                    break;
                case '\\':
                    {
                        int next = At(_pos + 1);
                        if (next == ShellSource.PlaceholderSymbol)
                        {
                            _pos++;
                            Record(null, layers, ShellContext.Flags.FollowsBackslash);
                            _pos++;
                        }
                        else if (next == '\\' || next == '$' || next == '`' || next == '\n')
                        {
                            _pos += 2;
                        }
                        else
                        {
                            _pos++;
                        }

                        break;
                    }

                case '$':
                    ParseDollar(dummy, layers);
                    break;
                case '`':
                    ParseBackquote(dummy, layers, false);
                    break;
                default:
                    _pos++;
                    break;
            }
        }
    }

    /// <summary>Flags a placeholder preceded only by tabs on a <c>&lt;&lt;-</c> line: the shell strips the value's leading tabs.</summary>
    private void MarkTabStripping(ShellLayers layers, int lineStart)
    {
        int i = lineStart;
        while (At(i) == '\t')
        {
            i++;
        }

        if (At(i) != ShellSource.PlaceholderSymbol)
        {
            return;
        }

        int index = _source.PlaceholderIndexes[i];
        ShellContext context = _state.Contexts[index];
        if (context.LayerStack.Equals(layers))
        {
            _state.Contexts[index] = new ShellContext(context.LayerStack, context.AllFlags | ShellContext.Flags.HereDocumentStripsTabs, context.HereDocumentGuard);
        }
    }

    private void GuardHereLine(ShellHereDocument here, ShellLayers layers, int lineStart, int lineEnd, List<int> collected)
    {
        var pieces = new List<string>();
        var piece = new StringBuilder();
        for (int i = lineStart; i < lineEnd; i++)
        {
            int c = At(i);
            if (c == ShellSource.PlaceholderSymbol)
            {
                pieces.Add(piece.ToString());
                piece.Length = 0;
            }
            else
            {
                piece.Append((char)c);
            }
        }

        pieces.Add(piece.ToString());
        string first = here.StripTabs ? pieces[0].TrimStart('\t') : pieces[0];
        string last = pieces[pieces.Count - 1];
        string delimiter = here.Delimiter;
        if (pieces.Count == 2 && first.Length == 0 && here.StripTabs)
        {
            last = pieces[1];
        }

        if (delimiter.Length < first.Length + last.Length
            || !delimiter.StartsWith(first, StringComparison.Ordinal)
            || !delimiter.EndsWith(last, StringComparison.Ordinal))
        {
            return;
        }

        bool exact = pieces.Count == 2;
        string guard = exact ? delimiter.Substring(first.Length, delimiter.Length - first.Length - last.Length) : delimiter;
        foreach (int index in collected)
        {
            ShellContext context = _state.Contexts[index];
            if (!context.LayerStack.Equals(layers))
            {
                continue;
            }

            var flags = context.AllFlags;
            if (exact)
            {
                flags |= ShellContext.Flags.HereDocumentGuardExact;
            }

            _state.Contexts[index] = new ShellContext(context.LayerStack, flags, guard);
        }
    }

    private void ParseSingle(ShellFrame frame, ShellLayers layers)
    {
        using NestingScope nested = Nest();
        Quoted(frame);
        int open = _source.OffsetAt(_pos);
        ShellLayers inner = layers.Push(ShellLayerKind.SingleQuotes);
        _pos++;
        while (true)
        {
            int c = Current;
            if (c == ShellSource.EndSymbol)
            {
                _state.Fail(open, "unterminated single quote");
                return;
            }

            _pos++;
            if (c == '\'')
            {
                return;
            }

            if (c == ShellSource.PlaceholderSymbol)
            {
                _pos--;
                Placeholder(frame, inner, ShellContext.Flags.None);
                _pos++;
            }
            else
            {
                frame.HasContent = true;
            }
        }
    }

    private void ParseDouble(ShellFrame frame, ShellLayers layers)
    {
        using NestingScope nested = Nest();
        Quoted(frame);
        int open = _source.OffsetAt(_pos);
        ShellLayers inner = layers.Push(ShellLayerKind.DoubleQuotes);
        _pos++;
        while (true)
        {
            int c = Current;
            switch (c)
            {
                case ShellSource.EndSymbol:
                    _state.Fail(open, "unterminated double quote");
                    return;
                case '"':
                    _pos++;
                    return;
                case ShellSource.PlaceholderSymbol:
                    Placeholder(frame, inner, ShellContext.Flags.None);
                    _pos++;
                    break;
                case '\\':
                    {
                        int next = At(_pos + 1);
                        if (next == ShellSource.PlaceholderSymbol)
                        {
                            _pos++;
                            Placeholder(frame, inner, ShellContext.Flags.FollowsBackslash);
                            _pos++;
                        }
                        else if (next == '\n')
                        {
                            _pos += 2;
                        }
                        else
                        {
                            frame.HasContent = true;
                            _pos += next == '$' || next == '`' || next == '"' || next == '\\' ? 2 : 1;
                        }

                        break;
                    }

                case '$':
                    ParseDollar(frame, inner);
                    break;
                case '`':
                    ParseBackquote(frame, inner, true);
                    break;
                default:
                    frame.HasContent = true;
                    _pos++;
                    break;
            }
        }
    }

    /// <summary>Reads <c>$</c> and what follows it; <c>_pos</c> is at the <c>$</c>.</summary>
    private void ParseDollar(ShellFrame frame, ShellLayers layers)
    {
        using NestingScope nested = Nest();
        int open = _source.OffsetAt(_pos);
        int next = At(_pos + 1);
        if (next == '(')
        {
            Quoted(frame);
            if (At(_pos + 2) == '(')
            {
                _pos += 3;
                ParseArithmetic(frame, layers, open);
                frame.HasContent = true;
                return;
            }

            _pos += 2;
            var parser = this;
            bool closed = parser.ParseList(new ShellFrame(), layers.Push(ShellLayerKind.CommandSubstitution), true);
            if (!closed)
            {
                _state.Fail(open, "unterminated $(...)");
            }

            frame.HasContent = true;
            return;
        }

        if (next == '{')
        {
            Quoted(frame);
            _pos += 2;
            ParseBrace(frame, layers, open);
            frame.HasContent = true;
            return;
        }

        if (next == ShellSource.PlaceholderSymbol)
        {
            AddDollarText(frame);
            _pos++;
            Placeholder(frame, layers, ShellContext.Flags.AdjoinsParameter | ShellContext.Flags.FollowsLoneDollar);
            _pos++;
            return;
        }

        if (next == '\\' && At(_pos + 2) == ShellSource.PlaceholderSymbol)
        {
            AddDollarText(frame);
            _pos += 2;
            Placeholder(frame, layers, ShellContext.Flags.AdjoinsParameter | ShellContext.Flags.FollowsLoneDollar | ShellContext.Flags.FollowsBackslash);
            _pos++;
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
            _pos++;
        }
    }

    private static void AddDollarText(ShellFrame frame)
    {
        Quoted(frame);
        frame.HasContent = true;
    }

    private void ParseBrace(ShellFrame frame, ShellLayers layers, int open)
    {
        using NestingScope nested = Nest();
        bool quotedOuter = layers.ReadsLikeDoubleQuotes;
        ShellLayers nameLayers = layers.Push(ShellLayerKind.ParameterWord);

        // The parameter: ${#name}, ${name}, ${1}, ${@} ...
        if (Current == '#' && At(_pos + 1) != '}' && At(_pos + 1) != ShellSource.EndSymbol)
        {
            _pos++;
        }

        if (Current == ShellSource.PlaceholderSymbol)
        {
            Placeholder(frame, nameLayers, ShellContext.Flags.ParameterName);
            _pos++;
            while (Current == ShellSource.PlaceholderSymbol || IsNameChar(Current))
            {
                if (Current == ShellSource.PlaceholderSymbol)
                {
                    Placeholder(frame, nameLayers, ShellContext.Flags.ParameterName);
                }

                _pos++;
            }
        }
        else if (IsNameStart(Current))
        {
            while (IsNameChar(Current) || Current == ShellSource.PlaceholderSymbol)
            {
                if (Current == ShellSource.PlaceholderSymbol)
                {
                    Placeholder(frame, nameLayers, ShellContext.Flags.ParameterName);
                }

                _pos++;
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

        ShellLayers inner = layers.Push(kind);
        while (true)
        {
            c = Current;
            switch (c)
            {
                case ShellSource.EndSymbol:
                    _state.Fail(open, "unterminated ${...}");
                    return;
                case '}':
                    _pos++;
                    return;
                case ShellSource.PlaceholderSymbol:
                    Placeholder(frame, inner, ShellContext.Flags.None);
                    _pos++;
                    break;
                case '\\':
                    {
                        int next = At(_pos + 1);
                        if (next == ShellSource.PlaceholderSymbol)
                        {
                            _pos++;
                            Placeholder(frame, inner, ShellContext.Flags.FollowsBackslash);
                            _pos++;
                        }
                        else if (!quotedOuter || kind == ShellLayerKind.ParameterPattern || next == '\n' || next == '$' || next == '`' || next == '"' || next == '\\' || next == '}')
                        {
                            _pos += next == ShellSource.EndSymbol ? 1 : 2;
                        }
                        else
                        {
                            _pos++;
                        }

                        break;
                    }

                case '\'':
                    // Single quotes are literal in "${X:-word}" but still quote in "${X#pattern}" (and in here-documents).
                    if (quotedOuter && kind != ShellLayerKind.ParameterPattern)
                    {
                        _pos++;
                    }
                    else
                    {
                        ParseSingle(frame, inner);
                    }

                    break;
                case '"':
                    ParseDouble(frame, inner);
                    break;
                case '$':
                    ParseDollar(frame, inner);
                    break;
                case '`':
                    ParseBackquote(frame, inner, quotedOuter);
                    break;
                default:
                    _pos++;
                    break;
            }
        }
    }

    private void ParseArithmetic(ShellFrame frame, ShellLayers layers, int open)
    {
        using NestingScope nested = Nest();
        ShellLayers inner = layers.Push(ShellLayerKind.Arithmetic);
        bool quotedOuter = layers.ReadsLikeDoubleQuotes;
        int depth = 0;
        while (true)
        {
            int c = Current;
            switch (c)
            {
                case ShellSource.EndSymbol:
                    _state.Fail(open, "unterminated $((...))");
                    return;
                case '(':
                    depth++;
                    _pos++;
                    break;
                case ')':
                    _pos++;
                    if (depth == 0)
                    {
                        if (Current == ')')
                        {
                            _pos++;
                        }

                        return;
                    }

                    depth--;
                    break;
                case ShellSource.PlaceholderSymbol:
                    Placeholder(frame, inner, ShellContext.Flags.None);
                    _pos++;
                    break;
                case '\\':
                    if (At(_pos + 1) == ShellSource.PlaceholderSymbol)
                    {
                        _pos++;
                        Placeholder(frame, inner, ShellContext.Flags.FollowsBackslash);
                        _pos++;
                    }
                    else
                    {
                        _pos += At(_pos + 1) == ShellSource.EndSymbol ? 1 : 2;
                    }

                    break;
                case '$':
                    ParseDollar(frame, inner);
                    break;
                case '`':
                    ParseBackquote(frame, inner, quotedOuter);
                    break;
                default:
                    _pos++;
                    break;
            }
        }
    }

    /// <summary>
    /// Reads <c>`...`</c>: collects the text up to the closing backquote, removing the backslashes the shell removes
    /// (before <c>\ ` $</c>, before <c>"</c> when <paramref name="doubleQuoted"/>, and backslash-newline), then reads
    /// that text as a command line.
    /// </summary>
    private void ParseBackquote(ShellFrame frame, ShellLayers layers, bool doubleQuoted)
    {
        using NestingScope nested = Nest();
        Quoted(frame);
        int open = _source.OffsetAt(_pos);
        _pos++;
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
        var parser = new ShellParser(inner, _state) { _lineCollector = null };
        parser.ParseList(new ShellFrame(), layers.Push(doubleQuoted ? ShellLayerKind.BackquotesInDoubleQuotes : ShellLayerKind.Backquotes), false);
        if (!closed)
        {
            _state.Fail(open, "unterminated backquote");
        }

        frame.HasContent = true;
    }

    // A limit no real command reaches: without it a template nested tens of thousands of levels deep (from a config
    // file, an attribute or exectool's command line) exhausts the stack, which ends the process.
    private NestingScope Nest()
    {
        if (++_nesting > MaxNesting)
        {
            int offset = _pos < _source.Count ? _source.Offsets[_pos] : _source.EndOffset;
            throw new TemplateParseException(TooDeep, offset, 1);
        }

        return new NestingScope(this);
    }

    private readonly struct NestingScope : IDisposable
    {
        private readonly ShellParser _parser;

        public NestingScope(ShellParser parser) => _parser = parser;

        public void Dispose() => _parser._nesting--;
    }
}
