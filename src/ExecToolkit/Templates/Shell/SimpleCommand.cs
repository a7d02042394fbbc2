// Shared source: compiled into the ExecToolkit runtime and into the ExecToolkit generator and analyzers.
// Keep it netstandard2.0-compatible and free of I/O.
using System;
using System.Collections.Generic;
using System.Text;

namespace ExecToolkit.Templates;

/// <summary>What one part of an argument is.</summary>
internal enum ArgumentPartKind
{
    /// <summary>Text of the template, as the shell would leave it after quote removal.</summary>
    Literal,

    /// <summary>The printed value of a pseudo-variable: exactly the value, never split or globbed.</summary>
    Placeholder,

    /// <summary>An environment variable of the command (<c>"$$NAME"</c> or <c>"$${NAME}"</c> in double quotes): its value, empty when unset.</summary>
    Environment,
}

/// <summary>One part of an argument.</summary>
internal readonly struct ArgumentPart
{
    internal ArgumentPart(ArgumentPartKind kind, string text, int token)
    {
        Kind = kind;
        Text = text;
        Token = token;
    }

    public ArgumentPartKind Kind { get; }

    /// <summary>The literal text, or the environment variable's name.</summary>
    public string Text { get; }

    /// <summary>The index of the placeholder's token.</summary>
    public int Token { get; }
}

/// <summary>
/// A template whose shell text is one simple command in every shell a user may have as <c>/bin/sh</c>: words only, each
/// made of literal text, quoted strings, values and <c>"$$NAME"</c> environment references, so that the argument vector
/// can be built without a shell and is exactly what the shell would pass. <see cref="Analyze"/> accepts a deliberately
/// small grammar and refuses everything else with the reason: operators, redirections, substitutions, unquoted
/// environment references, globs, tildes, braces, backslashes outside double quotes, assignments, keywords, builtins,
/// comments and here-documents. Only ShellSafe mode qualifies: in Verbatim mode a value is shell text.
/// </summary>
internal sealed class SimpleCommand
{
    // Every reserved word and every builtin of dash, bash, busybox ash, mksh, ksh93, zsh, yash and posh that a script
    // could name: the shell runs these itself, so a program of that name is not what runs.
    private static readonly HashSet<string> ShellNames = new(StringComparer.Ordinal)
    {
        "!", "{", "}", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
        "select", "then", "time", "until", "while", "repeat", "foreach", "end", "nocorrect", "noglob",
        ".", ":", "[", "alias", "autoload", "bg", "bind", "break", "builtin", "caller", "cd", "chdir", "command", "compgen",
        "complete", "compopt", "continue", "declare", "dirs", "disable", "disown", "echo", "emulate", "enable", "eval", "exec",
        "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "integer", "jobs", "kill", "let", "local",
        "logout", "mapfile", "popd", "print", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set",
        "setopt", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask",
        "unalias", "unset", "unsetopt", "wait", "whence", "where", "which", "zmodload", "sleep", "cat", "getconf", "nameref",
        "array", "bye", "rename", "realpath", "sh", "chmod", "mkdir", "rm", "rmdir", "ln", "mv", "head", "tail", "basename",
        "dirname", "uname", "wc", "tee", "cut", "paste", "expr", "seq", "printenv", "login", "newgrp", "r", "stop",
    };

    private SimpleCommand(IReadOnlyList<IReadOnlyList<ArgumentPart>> words) => Words = words;

    /// <summary>The words, the program first; each a list of parts (an empty list is an empty argument).</summary>
    public IReadOnlyList<IReadOnlyList<ArgumentPart>> Words { get; }

    /// <summary>Whether a literal <c>/</c> is in the program word (then no shell looks it up as a builtin or on PATH).</summary>
    public bool ProgramHasSlash
    {
        get
        {
            foreach (ArgumentPart part in Words[0])
            {
                if (part.Kind == ArgumentPartKind.Literal && part.Text.IndexOf('/') >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The argument vector: each word's parts joined, values and environment variables as they are.</summary>
    /// <param name="value">The printed value of the placeholder at a token index.</param>
    /// <param name="environment">The value of a variable of the command's environment, or null when it is not set.</param>
    /// <exception cref="UnsafeShellValueException">A value holds a NUL, which no argument can.</exception>
    public string[] Arguments(Func<int, string> value, Func<string, string?> environment)
    {
        var arguments = new string[Words.Count];
        var sb = new StringBuilder();
        for (int w = 0; w < Words.Count; w++)
        {
            sb.Clear();
            foreach (ArgumentPart part in Words[w])
            {
                sb.Append(part.Kind switch
                {
                    ArgumentPartKind.Literal => part.Text,
                    ArgumentPartKind.Placeholder => ArgumentValue(value(part.Token), part.Text),
                    _ => ArgumentValue(environment(part.Text) ?? "", "$" + part.Text),
                });
            }

            arguments[w] = sb.ToString();
        }

        return arguments;
    }

    /// <summary>A value as (part of) one argument: exactly the value; a NUL, which no argument can hold, is refused naming <paramref name="shown"/>.</summary>
    /// <exception cref="UnsafeShellValueException">The value holds a NUL.</exception>
    public static string ArgumentValue(string value, string shown)
    {
        if (value.IndexOf('\0') >= 0)
        {
            throw new UnsafeShellValueException(ShellEscaper.NulRefusal, shown);
        }

        return value;
    }

    /// <summary>
    /// The simple command of a tokenised template, or null with <paramref name="reason"/> saying what makes it need a shell.
    /// </summary>
    public static SimpleCommand? Analyze(IReadOnlyList<TemplateToken> tokens, bool verbatim, out string? reason)
    {
        if (verbatim)
        {
            reason = "in Verbatim mode a value is shell text";
            return null;
        }

        var words = new List<IReadOnlyList<ArgumentPart>>();
        List<ArgumentPart>? word = null;
        var literal = new StringBuilder();
        char quote = '\0'; // '\0' unquoted, '\'' or '"'
        bool quotedInWord = false;
        bool bareName = false;

        void Flush()
        {
            if (literal.Length > 0)
            {
                word!.Add(new ArgumentPart(ArgumentPartKind.Literal, literal.ToString(), -1));
                literal.Clear();
            }
        }

        void StartWord()
        {
            word ??= new List<ArgumentPart>();
        }

        bool EndWord(out string? problem)
        {
            problem = null;
            if (word is null)
            {
                return true;
            }

            Flush();
            if (words.Count == 0 && !quotedInWord && word.Count == 1 && word[0].Kind == ArgumentPartKind.Literal && word[0].Text.IndexOf('=') > 0)
            {
                problem = "the first word '" + word[0].Text + "' is an assignment";
                return false;
            }

            if (words.Count == 0 && word.Count == 1 && word[0].Kind == ArgumentPartKind.Literal && ShellNames.Contains(word[0].Text) && !quotedInWord)
            {
                problem = "'" + word[0].Text + "' is a shell keyword or builtin";
                return false;
            }

            words.Add(word);
            word = null;
            quotedInWord = false;
            return true;
        }

        // The template as one sequence: characters for the shell (a $$ is its '$'), and placeholders (-2 - token index).
        var items = new List<int>();
        for (int t = 0; t < tokens.Count; t++)
        {
            if (tokens[t].Kind == TemplateTokenKind.PseudoVariable)
            {
                items.Add(-2 - t);
                continue;
            }

            foreach (char ch in tokens[t].LiteralText)
            {
                items.Add(ch);
            }
        }

        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] < 0)
            {
                StartWord();
                if (literal.Length == 0 && word!.Count > 0 && word[word.Count - 1].Kind == ArgumentPartKind.Environment && bareName)
                {
                    reason = "a value right after $NAME (the shell would read a longer name); write ${NAME}";
                    return null;
                }

                Flush();
                int t = -2 - items[i];
                word!.Add(new ArgumentPart(ArgumentPartKind.Placeholder, tokens[t].Source, t));
                continue;
            }

            char c = (char)items[i];
            int next = i + 1 < items.Count ? items[i + 1] : -1;
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    literal.Append(c);
                }

                continue;
            }

            if (quote == '"')
            {
                switch (c)
                {
                    case '"':
                        quote = '\0';
                        continue;
                    case '`':
                        reason = "a command substitution (`)";
                        return null;
                    case '\\':
                        if (next < 0)
                        {
                            reason = next == -1 ? "an unterminated quote" : "a backslash before a value";
                            return null;
                        }

                        if (next is '\\' or '"' or '`' or '$')
                        {
                            literal.Append((char)next);
                            i++;
                        }
                        else if (next == '\n')
                        {
                            i++; // a line continuation: both go
                        }
                        else
                        {
                            literal.Append('\\');
                        }

                        continue;
                    case '$':
                        string? name = EnvironmentName(items, ref i);
                        if (name is null)
                        {
                            reason = "a '$' for the shell other than \"$$NAME\" or \"$${NAME}\" in double quotes";
                            return null;
                        }

                        Flush();
                        word!.Add(new ArgumentPart(ArgumentPartKind.Environment, name, -1));
                        bareName = items[i] != '}';
                        continue;
                    default:
                        literal.Append(c);
                        continue;
                }
            }

            switch (c)
            {
                case ' ' or '\t':
                    if (!EndWord(out string? problem))
                    {
                        reason = problem;
                        return null;
                    }

                    continue;
                case '\'' or '"':
                    StartWord();
                    quote = c;
                    quotedInWord = true;
                    continue;
                default:
                    if (!IsPlain(c))
                    {
                        reason = Describe(c);
                        return null;
                    }

                    StartWord();
                    literal.Append(c);
                    continue;
            }
        }

        if (quote != '\0')
        {
            reason = "an unterminated quote";
            return null;
        }

        if (!EndWord(out string? last))
        {
            reason = last;
            return null;
        }

        if (words.Count == 0)
        {
            reason = "no command";
            return null;
        }

        var command = new SimpleCommand(words);
        if (!command.ProgramHasSlash)
        {
            foreach (ArgumentPart part in words[0])
            {
                if (part.Kind != ArgumentPartKind.Literal)
                {
                    reason = "the program's name holds a value without a '/' (it could name a builtin)";
                    return null;
                }
            }

            if (words[0].Count == 0)
            {
                reason = "an empty program name";
                return null;
            }
        }

        reason = null;
        return command;
    }

    // After the '$' at items[i] inside double quotes: NAME or {NAME}, i moved to its last character; null otherwise.
    private static string? EnvironmentName(List<int> items, ref int i)
    {
        int at = i + 1;
        bool braced = at < items.Count && items[at] == '{';
        if (braced)
        {
            at++;
        }

        var name = new StringBuilder();
        while (at < items.Count && items[at] >= 0 && IsNameChar((char)items[at], name.Length == 0))
        {
            name.Append((char)items[at]);
            at++;
        }

        if (name.Length == 0 || (braced && (at >= items.Count || items[at] != '}')))
        {
            return null;
        }

        i = braced ? at : at - 1;
        return name.ToString();
    }

    private static bool IsNameChar(char c, bool first) =>
        c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');

    private static bool IsPlain(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c is '_' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ',' or '-';

    private static string Describe(char c) => c switch
    {
        ';' or '&' or '|' => "an operator ('" + c + "')",
        '<' or '>' => "a redirection ('" + c + "')",
        '(' or ')' => "a subshell or function ('" + c + "')",
        '$' => "a '$' for the shell outside double quotes (field splitting and globbing apply there)",
        '`' => "a command substitution (`)",
        '*' or '?' or '[' or ']' => "a glob ('" + c + "')",
        '~' => "a tilde",
        '{' or '}' => "a brace ('" + c + "')",
        '#' => "a comment ('#')",
        '\\' => "a backslash outside double quotes",
        '\n' or '\r' => "a line break",
        '!' => "'!'",
        _ => "the character '" + c + "' outside quotes",
    };
}
