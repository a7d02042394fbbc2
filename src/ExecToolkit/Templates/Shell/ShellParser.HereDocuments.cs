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
            _state.Contexts[index] = new ShellContext(context.LayerStack, context.AllFlags | ShellContext.Flags.HereDocumentStripsTabs, context.HereDocumentLine);
        }
    }

    /// <summary>
    /// Gives the first value of a body line whose text before it is the start of the delimiter (or all of it) the line
    /// (<see cref="HereDocumentLine"/>), with the text after it when it is the only value, so that it cannot make the
    /// line end the here-document. A line that differs from the delimiter before its first value cannot become it,
    /// whatever the values after.
    /// </summary>
    private void GuardHereLine(ShellHereDocument here, ShellLayers layers, int lineStart, int lineEnd, List<int> collected)
    {
        if (collected.Count == 0)
        {
            return;
        }

        var before = new StringBuilder();
        int i = lineStart;
        for (; i < lineEnd && At(i) != ShellSource.PlaceholderSymbol; i++)
        {
            before.Append((char)At(i));
        }

        if (i >= lineEnd)
        {
            return;
        }

        string start = here.StripTabs ? before.ToString().TrimStart('\t') : before.ToString();
        int index = _source.PlaceholderIndexes[i];
        ShellContext context = _state.Contexts[index];
        if (!here.Delimiter.StartsWith(start, StringComparison.Ordinal) || !context.LayerStack.Equals(layers))
        {
            return;
        }

        StringBuilder? after = new StringBuilder();
        for (i++; i < lineEnd; i++)
        {
            if (At(i) == ShellSource.PlaceholderSymbol)
            {
                after = null;
                break;
            }

            after.Append((char)At(i));
        }

        var line = new HereDocumentLine(before.ToString(), here.Delimiter, after?.ToString(), here.StripTabs);
        _state.Contexts[index] = new ShellContext(context.LayerStack, context.AllFlags, line);
    }
}
