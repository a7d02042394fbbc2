using System;
using System.Collections.Generic;

namespace ExecToolkit.Templates;

/// <summary>
/// The recursive reader behind <see cref="ShellScanner"/>: reads POSIX shell text and records, for every placeholder,
/// the <see cref="ShellContext"/> where its value lands. Each construct pushes its layer on the <see cref="ShellLayers"/>
/// it was entered with and hands the new stack to what it reads inside.
/// </summary>
/// <remarks>
/// The parts, one file each: command lists and words (<c>ShellParser.Commands.cs</c>), quotes (<c>.Quotes.cs</c>),
/// <c>$</c> expansions (<c>.Expansions.cs</c>), backquotes (<c>.Backquotes.cs</c>), redirections
/// (<c>.Redirections.cs</c>) and here-documents (<c>.HereDocuments.cs</c>); this file holds what they share.
/// </remarks>
internal sealed partial class ShellParser
{
    /// <summary>The characters a backslash quotes in double quotes; before any other it stays.</summary>
    private const string DoubleQuoteEscapes = "\n$`\"\\";

    /// <summary>The characters a backslash quotes in the word of <c>"${X:-word}"</c>: those of double quotes and <c>}</c>.</summary>
    private const string QuotedBraceWordEscapes = DoubleQuoteEscapes + "}";

    /// <summary>The characters a backslash quotes in an unquoted here-document body.</summary>
    private const string HereDocumentEscapes = "\n$`\\";

    private readonly ShellSource _source;
    private readonly ShellScanState _state;
    private List<int>? _lineCollector;
    private int _pos;
    private int _nesting;

    /// <summary>
    /// How many nested readers one template may need: a quote, a <c>$(</c>, <c>${</c>, <c>$((</c> or <c>(</c> takes one to
    /// three (<c>$(</c> and <c>${</c> two, <c>"$(</c> three), so 333 to 500 levels of nesting are accepted.
    /// </summary>
    internal const int MaxNesting = 1000;

    /// <summary>The reason of the <see cref="TemplateParseException"/> past <see cref="MaxNesting"/>.</summary>
    internal const string TooDeep = "quotes, substitutions and expansions nested too deeply (333 to 500 levels at most, by construct)";

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

    /// <summary>
    /// Reads what every text with expansions reads alike (a command line, double quotes, <c>${...}</c>, <c>$((...))</c>,
    /// an unquoted here-document line): a placeholder, a backslash before a placeholder, a <c>$</c> expansion or
    /// backquotes. <c>_pos</c> is at the symbol.
    /// </summary>
    /// <param name="frame">The word a placeholder belongs to; null in a here-document body, which is no word.</param>
    /// <param name="expansions">The word nested expansions belong to.</param>
    /// <param name="layers">The layers at the position.</param>
    /// <param name="backquotesInDoubleQuotes">Whether backquotes here remove the backslash before <c>"</c> too.</param>
    /// <returns>False, having read nothing, when the symbol is none of these.</returns>
    private bool ReadEmbedded(ShellFrame? frame, ShellFrame expansions, ShellLayers layers, bool backquotesInDoubleQuotes)
    {
        switch (Current)
        {
            case ShellSource.PlaceholderSymbol:
                Placeholder(frame, layers, ShellContext.Flags.None);
                return true;
            case '\\' when At(_pos + 1) == ShellSource.PlaceholderSymbol:
                _pos++;
                Placeholder(frame, layers, ShellContext.Flags.FollowsBackslash);
                return true;
            case '$':
                ParseDollar(expansions, layers);
                return true;
            case '`':
                ParseBackquote(expansions, layers, backquotesInDoubleQuotes);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Steps past a backslash and, when <paramref name="escapable"/> holds the next character (any character when it is
    /// null), that character too: the backslash quotes it. Otherwise the backslash is a plain character.
    /// </summary>
    /// <param name="escapable">The characters the backslash quotes here, or null for all.</param>
    /// <returns>The symbol after the backslash.</returns>
    private int SkipBackslash(string? escapable)
    {
        int next = At(_pos + 1);
        bool quotes = next >= 0 && (escapable == null || escapable.IndexOf((char)next) >= 0);
        _pos += quotes ? 2 : 1;
        return next;
    }

    /// <summary>At the end of the text inside a construct opened at <paramref name="open"/>: records it as unterminated.</summary>
    /// <param name="open">The offset of the construct's opening.</param>
    /// <param name="message">What is unterminated.</param>
    /// <returns>True at the end of the text.</returns>
    private bool AtEnd(int open, string message)
    {
        if (Current != ShellSource.EndSymbol)
        {
            return false;
        }

        _state.Fail(open, message);
        return true;
    }

    /// <summary>Records the placeholder at <c>_pos</c> as part of the word of <paramref name="frame"/> and steps past it.</summary>
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

        _pos++;
    }

    /// <summary>Records the context of the placeholder at <c>_pos</c>, with the flags the word of <paramref name="frame"/> adds.</summary>
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
