// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>The contexts of a command's placeholders and whether its quoting is complete.</summary>
public sealed class ShellScanResult
{
    internal ShellScanResult(IReadOnlyList<ShellContext> contexts, int unterminatedAt, string? problem)
    {
        Contexts = contexts;
        UnterminatedAt = unterminatedAt;
        Problem = problem;
    }

    /// <summary>One context per placeholder, in order.</summary>
    public IReadOnlyList<ShellContext> Contexts { get; }

    /// <summary>Offset in the literal text of the construct left open at the end, or -1.</summary>
    public int UnterminatedAt { get; }

    /// <summary>What is left open (<c>unterminated single quote</c>), or null.</summary>
    public string? Problem { get; }
}

/// <summary>
/// Reads a command as POSIX <c>sh</c> (dash) does, far enough to tell for each placeholder the quoting context it sits
/// in: quotes and backslashes, <c>$(...)</c>, backticks, <c>${...}</c>, <c>$((...))</c>, comments, redirections,
/// command words and here-documents. Placeholders are opaque word material.
/// </summary>
public static class ShellScanner
{
    /// <summary>The context of every placeholder, in order.</summary>
    public static IReadOnlyList<ShellContext> Scan(IReadOnlyList<ShellSegment> segments) => Analyze(segments).Contexts;

    /// <summary>Contexts plus the construct left open at the end, if any.</summary>
    public static ShellScanResult Analyze(IReadOnlyList<ShellSegment> segments)
    {
        if (segments is null)
        {
            throw new System.ArgumentNullException(nameof(segments));
        }

        var scanner = new Scanner();
        foreach (ShellSegment segment in segments)
        {
            if (segment.IsPlaceholder)
            {
                scanner.Placeholder();
            }
            else
            {
                scanner.Text(segment.Text);
            }
        }

        return scanner.Finish();
    }

    private enum Kind
    {
        Top,
        CmdSubst,
        Backtick,
        Double,
        Single,
        Param,
        Arith,
        HereDoc,
    }

    private sealed class Frame
    {
        public Frame(Kind kind, int start)
        {
            Kind = kind;
            Start = start;
        }

        public Kind Kind { get; }

        public int Start { get; }

        public bool IsCommand => Kind == Kind.Top || Kind == Kind.CmdSubst || Kind == Kind.Backtick;

        // Command frames.
        public bool InWord;
        public bool WordIsCommand;
        public bool WordIsRedirect;
        public bool WordIsDelimiter;
        public bool WordQuoted;
        public bool ExpectCommand = true;
        public bool PendingRedirect;
        public bool PendingDelimiter;
        public bool PendingStripTabs;
        public bool InComment;
        public int ParenDepth;
        public readonly StringBuilder Word = new();
        public readonly List<HereDocument> PendingHereDocs = new();

        // Here-documents.
        public HereDocument? Here;
        public readonly StringBuilder Line = new();
        public bool LineHasPlaceholder;
    }

    private sealed class HereDocument
    {
        public HereDocument(string delimiter, bool quoted, bool stripTabs)
        {
            Delimiter = delimiter;
            Quoted = quoted;
            StripTabs = stripTabs;
        }

        public string Delimiter { get; }

        public bool Quoted { get; }

        public bool StripTabs { get; }
    }

    private sealed class Scanner
    {
        private readonly List<Frame> stack = new() { new Frame(Kind.Top, 0) };
        private readonly List<ShellContext> contexts = new();
        private int baseOffset;
        private bool pendingBackslash;
        private bool pendingDollar;
        private bool unsupported;

        private Frame Top => stack[stack.Count - 1];

        private readonly StringBuilder pendingText = new();

        // Adjacent literal segments (text, then the $ of a $$) are read as one text, so "$" + "(" is "$(".
        public void Text(string text) => pendingText.Append(text);

        private void Flush()
        {
            string text = pendingText.ToString();
            pendingText.Clear();
            for (int i = 0; i < text.Length; i++)
            {
                i = Step(text, i);
            }

            baseOffset += text.Length;
        }

        public void Placeholder()
        {
            Flush();
            Frame f = Top;
            ShellContextFlags flags = ShellContextFlags.None;
            if (pendingBackslash)
            {
                flags |= ShellContextFlags.FollowsBackslash;
            }

            if (pendingDollar)
            {
                flags |= ShellContextFlags.FollowsDollar;
            }

            pendingBackslash = false;
            pendingDollar = false;
            if (unsupported)
            {
                flags |= ShellContextFlags.Unsupported;
            }

            Frame? command = NearestCommandFrame();
            if (f.IsCommand)
            {
                if (f.InComment)
                {
                    flags |= ShellContextFlags.Comment;
                }
                else
                {
                    if (!f.InWord)
                    {
                        StartWord(f);
                        flags |= ShellContextFlags.WordStart;
                    }

                    f.Word.Append('\0');
                }
            }
            else if (f.Kind == Kind.HereDoc)
            {
                f.LineHasPlaceholder = true;
                f.Line.Append('\0');
            }

            if (command is not null && !command.InComment)
            {
                if (command.WordIsCommand)
                {
                    flags |= ShellContextFlags.CommandWord;
                }

                if (command.WordIsRedirect)
                {
                    flags |= ShellContextFlags.RedirectionTarget;
                }
            }

            contexts.Add(new ShellContext(Layers(), flags));
        }

        public ShellScanResult Finish()
        {
            Flush();
            Frame top = Top;
            if (top.IsCommand && top.Kind == Kind.Top)
            {
                EndWord(top);
            }

            if (stack.Count > 1)
            {
                Frame open = Top;
                string what = open.Kind switch
                {
                    Kind.Single => "unterminated single quote",
                    Kind.Double => "unterminated double quote",
                    Kind.CmdSubst => "unterminated $(",
                    Kind.Backtick => "unterminated backtick",
                    Kind.Param => "unterminated ${",
                    Kind.Arith => "unterminated $((",
                    _ => "unterminated here-document",
                };
                return new ShellScanResult(contexts, open.Start, what);
            }

            return new ShellScanResult(contexts, -1, null);
        }

        private Frame? NearestCommandFrame()
        {
            for (int i = stack.Count - 1; i >= 0; i--)
            {
                if (stack[i].IsCommand)
                {
                    return stack[i];
                }
            }

            return null;
        }

        private string Layers()
        {
            var sb = new StringBuilder();
            for (int i = 1; i < stack.Count; i++)
            {
                Frame f = stack[i];
                sb.Append(f.Kind switch
                {
                    Kind.CmdSubst => 'S',
                    Kind.Backtick => 'B',
                    Kind.Double => 'D',
                    Kind.Single => 'Q',
                    Kind.Param => 'P',
                    Kind.Arith => 'A',
                    _ => f.Here!.Quoted ? 'L' : 'H',
                });
            }

            return sb.ToString();
        }

        private void Push(Kind kind, int position)
        {
            stack.Add(new Frame(kind, baseOffset + position));
        }

        private void Pop()
        {
            if (stack.Count > 1)
            {
                stack.RemoveAt(stack.Count - 1);
            }
        }

        // Processes the character at i (and possibly more); returns the index of the last character consumed.
        private int Step(string s, int i)
        {
            char c = s[i];
            bool backslash = pendingBackslash;
            bool dollar = pendingDollar;
            pendingBackslash = false;
            pendingDollar = false;
            Frame f = Top;
            switch (f.Kind)
            {
                case Kind.Single:
                    if (c == '\'')
                    {
                        Pop();
                    }

                    return i;
                case Kind.Double:
                    return StepDouble(s, i, c, backslash, dollar);
                case Kind.Param:
                    return StepParam(s, i, c, backslash);
                case Kind.Arith:
                    return StepArith(s, i, c, backslash);
                case Kind.HereDoc:
                    return StepHereDoc(s, i, c, f, backslash);
                default:
                    return StepCommand(s, i, c, f, backslash);
            }
        }

        private int StepCommand(string s, int i, char c, Frame f, bool backslash)
        {
            if (f.InComment)
            {
                if (c != '\n')
                {
                    return i;
                }

                f.InComment = false;
            }

            if (backslash)
            {
                // The previous segment ended with a backslash: this character is escaped.
                if (c != '\n')
                {
                    WordChar(f, c);
                }

                return i;
            }

            switch (c)
            {
                case '\\':
                    if (i + 1 >= s.Length)
                    {
                        if (!f.InWord)
                        {
                            StartWord(f);
                        }

                        pendingBackslash = true;
                        return i;
                    }

                    if (s[i + 1] == '\n')
                    {
                        return i + 1;
                    }

                    if (f.Kind == Kind.Backtick && s[i + 1] == '`')
                    {
                        // Nested backticks: not modelled. Values after this point cannot be placed safely.
                        unsupported = true;
                    }

                    WordChar(f, s[i + 1]);
                    return i + 1;
                case '\'':
                    StartQuoted(f);
                    Push(Kind.Single, i);
                    return i;
                case '"':
                    StartQuoted(f);
                    Push(Kind.Double, i);
                    return i;
                case '`':
                    if (f.Kind == Kind.Backtick)
                    {
                        EndWord(f);
                        Pop();
                        return i;
                    }

                    StartQuoted(f);
                    Push(Kind.Backtick, i);
                    return i;
                case '$':
                    return Dollar(s, i, f);
                case '#':
                    if (!f.InWord)
                    {
                        f.InComment = true;
                        return i;
                    }

                    WordChar(f, c);
                    return i;
                case ' ':
                case '\t':
                    EndWord(f);
                    return i;
                case '\n':
                    EndWord(f);
                    f.ExpectCommand = true;
                    f.PendingRedirect = false;
                    StartHereDocs(f, i);
                    return i;
                case ';':
                case '&':
                case '|':
                    EndWord(f);
                    f.ExpectCommand = true;
                    f.PendingRedirect = false;
                    if (c == '&' && i + 1 < s.Length && s[i + 1] == '>')
                    {
                        f.PendingRedirect = true;
                        return i + 1;
                    }

                    return i;
                case '(':
                    EndWord(f);
                    f.ExpectCommand = true;
                    if (f.Kind == Kind.CmdSubst)
                    {
                        f.ParenDepth++;
                    }

                    return i;
                case ')':
                    EndWord(f);
                    if (f.Kind == Kind.CmdSubst)
                    {
                        if (f.ParenDepth == 0)
                        {
                            Pop();
                            return i;
                        }

                        f.ParenDepth--;
                    }

                    f.ExpectCommand = false;
                    return i;
                case '<':
                case '>':
                    return Redirection(s, i, f);
                default:
                    WordChar(f, c);
                    return i;
            }
        }

        private static int Redirection(string s, int i, Frame f)
        {
            // Digits right before the operator are a file descriptor, not a word of their own.
            bool fdNumber = f.InWord && IsDigits(f.Word);
            if (f.InWord && fdNumber)
            {
                f.InWord = false;
                f.Word.Clear();
            }
            else
            {
                EndWord(f);
            }

            char c = s[i];
            int j = i + 1;
            if (c == '<' && j < s.Length && s[j] == '<')
            {
                j++;
                bool strip = j < s.Length && s[j] == '-';
                if (strip)
                {
                    j++;
                }

                f.PendingDelimiter = true;
                f.PendingStripTabs = strip;
                return j - 1;
            }

            if (j < s.Length && (s[j] == '>' || s[j] == '&' || s[j] == '|' || (c == '<' && s[j] == '>')))
            {
                j++;
            }

            f.PendingRedirect = true;
            return j - 1;
        }

        private int Dollar(string s, int i, Frame f)
        {
            if (i + 1 >= s.Length)
            {
                WordChar(f, '$');
                pendingDollar = true;
                return i;
            }

            char next = s[i + 1];
            if (next == '(')
            {
                StartQuoted(f);
                if (i + 2 < s.Length && s[i + 2] == '(')
                {
                    Push(Kind.Arith, i);
                    return i + 2;
                }

                Push(Kind.CmdSubst, i);
                return i + 1;
            }

            if (next == '{')
            {
                StartQuoted(f);
                Push(Kind.Param, i);
                return i + 1;
            }

            WordChar(f, '$');
            return i;
        }

        private int StepDouble(string s, int i, char c, bool backslash, bool dollar)
        {
            if (backslash)
            {
                return i;
            }

            switch (c)
            {
                case '"':
                    Pop();
                    return i;
                case '\\':
                    if (i + 1 >= s.Length)
                    {
                        pendingBackslash = true;
                        return i;
                    }

                    return i + 1;
                case '`':
                    Push(Kind.Backtick, i);
                    return i;
                case '$':
                    return DollarInQuotes(s, i);
                default:
                    return i;
            }
        }

        private int DollarInQuotes(string s, int i)
        {
            if (i + 1 >= s.Length)
            {
                pendingDollar = true;
                return i;
            }

            if (s[i + 1] == '(')
            {
                if (i + 2 < s.Length && s[i + 2] == '(')
                {
                    Push(Kind.Arith, i);
                    return i + 2;
                }

                Push(Kind.CmdSubst, i);
                return i + 1;
            }

            if (s[i + 1] == '{')
            {
                Push(Kind.Param, i);
                return i + 1;
            }

            return i;
        }

        private int StepParam(string s, int i, char c, bool backslash)
        {
            if (backslash)
            {
                return i;
            }

            bool inDouble = stack.Count >= 2 && stack[stack.Count - 2].Kind == Kind.Double;
            switch (c)
            {
                case '}':
                    Pop();
                    return i;
                case '\\':
                    if (i + 1 >= s.Length)
                    {
                        pendingBackslash = true;
                        return i;
                    }

                    return i + 1;
                case '\'':
                    if (!inDouble)
                    {
                        Push(Kind.Single, i);
                    }

                    return i;
                case '"':
                    Push(Kind.Double, i);
                    return i;
                case '`':
                    Push(Kind.Backtick, i);
                    return i;
                case '$':
                    return DollarInQuotes(s, i);
                default:
                    return i;
            }
        }

        private int StepArith(string s, int i, char c, bool backslash)
        {
            if (backslash)
            {
                return i;
            }

            Frame f = Top;
            switch (c)
            {
                case '(':
                    f.ParenDepth++;
                    return i;
                case ')':
                    if (f.ParenDepth > 0)
                    {
                        f.ParenDepth--;
                        return i;
                    }

                    Pop();
                    return i + 1 < s.Length && s[i + 1] == ')' ? i + 1 : i;
                case '$':
                    return DollarInQuotes(s, i);
                case '`':
                    Push(Kind.Backtick, i);
                    return i;
                case '\\':
                    return i + 1 < s.Length ? i + 1 : i;
                default:
                    return i;
            }
        }

        private int StepHereDoc(string s, int i, char c, Frame f, bool backslash)
        {
            HereDocument doc = f.Here!;
            if (c == '\n' && !backslash)
            {
                string line = f.Line.ToString();
                if (doc.StripTabs)
                {
                    line = line.TrimStart('\t');
                }

                f.Line.Clear();
                f.LineHasPlaceholder = false;
                if (line == doc.Delimiter)
                {
                    Pop();
                    StartHereDocs(NearestCommandFrame()!, i);
                }

                return i;
            }

            f.Line.Append(c);
            if (doc.Quoted || backslash)
            {
                return i;
            }

            switch (c)
            {
                case '\\':
                    if (i + 1 >= s.Length)
                    {
                        pendingBackslash = true;
                        return i;
                    }

                    f.Line.Append(s[i + 1]);
                    return i + 1;
                case '`':
                    Push(Kind.Backtick, i);
                    return i;
                case '$':
                    return DollarInQuotes(s, i);
                default:
                    return i;
            }
        }

        private void StartHereDocs(Frame f, int position)
        {
            if (f.PendingHereDocs.Count == 0)
            {
                return;
            }

            HereDocument doc = f.PendingHereDocs[0];
            f.PendingHereDocs.RemoveAt(0);
            Push(Kind.HereDoc, position + 1);
            Top.Here = doc;
        }

        private static void StartWord(Frame f)
        {
            f.InWord = true;
            f.Word.Clear();
            f.WordQuoted = false;
            f.WordIsDelimiter = f.PendingDelimiter;
            f.WordIsRedirect = f.PendingRedirect;
            f.WordIsCommand = f.ExpectCommand && !f.PendingRedirect && !f.PendingDelimiter;
            f.PendingRedirect = false;
            f.PendingDelimiter = false;
        }

        private static void StartQuoted(Frame f)
        {
            if (!f.InWord)
            {
                StartWord(f);
            }

            f.WordQuoted = true;
        }

        private static void WordChar(Frame f, char c)
        {
            if (!f.InWord)
            {
                StartWord(f);
            }

            f.Word.Append(c);
        }

        private static void EndWord(Frame f)
        {
            if (!f.InWord)
            {
                return;
            }

            string word = f.Word.ToString();
            f.InWord = false;
            if (f.WordIsDelimiter)
            {
                f.PendingHereDocs.Add(new HereDocument(word, f.WordQuoted, f.PendingStripTabs));
                return;
            }

            if (f.WordIsRedirect)
            {
                return;
            }

            if (f.WordIsCommand)
            {
                f.ExpectCommand = IsAssignment(word) || IsKeyword(word);
            }
        }

        private static bool IsAssignment(string word)
        {
            int eq = word.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            for (int k = 0; k < eq; k++)
            {
                char c = word[k];
                bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (k > 0 && c >= '0' && c <= '9');
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsKeyword(string word)
            => word == "if" || word == "then" || word == "else" || word == "elif" || word == "while" || word == "until"
                || word == "do" || word == "!" || word == "{" || word == "exec" || word == "command" || word == "nohup"
                || word == "env" || word == "time" || word == "xargs";

        private static bool IsDigits(StringBuilder word)
        {
            if (word.Length == 0)
            {
                return false;
            }

            for (int k = 0; k < word.Length; k++)
            {
                if (word[k] < '0' || word[k] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
