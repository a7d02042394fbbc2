using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>Here-documents: the delimiter word, the body lines and the guards against a value ending the body.</summary>
internal sealed partial class ShellParser
{
    /// <summary>Reads the delimiter word after <c>&lt;&lt;</c> or <c>&lt;&lt;-</c>; the body follows the end of the command line.</summary>
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
                    if (AtEnd(open, c == '\'' ? "unterminated single quote" : "unterminated double quote"))
                    {
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

    /// <summary>Reads the bodies of the here-documents the command line just ended has opened, in order.</summary>
    private void ReadHereDocuments(ShellFrame frame, ShellLayers layers)
    {
        foreach (ShellHereDocument here in frame.PendingHereDocuments)
        {
            ReadHereDocument(here, layers.Push(here.Quoted ? ShellLayerKind.QuotedHereDocument : ShellLayerKind.HereDocument));
        }

        frame.PendingHereDocuments.Clear();
    }

    /// <summary>Reads one here-document body up to its delimiter line, guarding the lines a value could turn into it.</summary>
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

    /// <summary>Reads one line of an unquoted here-document body: backslashes, <c>$</c> and backquotes are special, quotes are not.</summary>
    private void ParseHereLine(ShellLayers layers)
    {
        var expansions = new ShellFrame();
        while (Current != ShellSource.EndSymbol && Current != '\n')
        {
            if (ReadEmbedded(null, expansions, layers, false))
            {
                continue;
            }

            if (Current == '\\')
            {
                SkipBackslash(HereDocumentEscapes);
            }
            else
            {
                _pos++;
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

    /// <summary>
    /// Gives the placeholders of a body line a guard when some value could make the line equal the delimiter: the text
    /// the escaped value must not equal (one placeholder) or be part of (several).
    /// </summary>
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
}
