namespace ExecToolkit.Templates;

/// <summary>Command lists and words: operators, reserved words, <c>case</c>, assignments and the tilde prefix.</summary>
internal sealed partial class ShellParser
{
    /// <summary>Reads a command list up to the end of the source or, when <paramref name="closeParen"/>, a closing <c>)</c>.</summary>
    /// <returns>True when the closing parenthesis was found.</returns>
    public bool ParseList(ShellFrame frame, ShellLayers layers, bool closeParen)
    {
        using NestingScope nested = Nest();
        while (true)
        {
            if (ReadEmbedded(frame, frame, layers, false))
            {
                continue;
            }

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
                        if (frame.CaseIs(4))
                        {
                            frame.MoveCase(3);
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
                    if (frame.CaseIs(3))
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
                    if (frame.CaseIs(3))
                    {
                        frame.MoveCase(4);
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
                    // Outside quotes a backslash quotes any character; before a newline it joins the lines.
                    if (SkipBackslash(null) != '\n')
                    {
                        Quoted(frame);
                        frame.HasContent = true;
                    }

                    break;
                case '\'':
                case '"':
                    ParseQuotes(frame, layers);
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
}
