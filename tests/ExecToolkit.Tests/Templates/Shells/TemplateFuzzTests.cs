using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Templates.Shells;

/// <summary>
/// Mutated templates and cfg text (a fixed seed): parsing, linting and expanding never end in anything but a
/// <see cref="TemplateParseException"/> with an offset inside the text, or a refusal of the value.
/// </summary>
public class TemplateFuzzTests
{
    private static readonly string[] Syntax =
    {
        "'", "\"", "\\", "$$", "$$(", "$${", "$$((", "`", "(", ")", "{", "}", "<<EOF\n", "\nEOF\n", "<<'E'\n", "\n", "#", "~",
        "$var(v)", "$hdr(X-A)", "$(ru{s.len})", "$", "$(", "[", "]", ";", "|", "&", ">", "<", "=", ":-", "#", "%",
    };

    private static IEnumerable<string> Mutations(IReadOnlyList<string> seeds, int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Count)]);
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                int at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
                switch (random.Next(4))
                {
                    case 0:
                        text.Insert(at, Syntax[random.Next(Syntax.Length)]);
                        break;
                    case 1 when text.Length > 0:
                        text.Remove(Math.Min(at, text.Length - 1), Math.Min(random.Next(1, 4), text.Length - Math.Min(at, text.Length - 1)));
                        break;
                    case 2 when text.Length > 0:
                        int from = random.Next(text.Length);
                        string piece = text.ToString(from, Math.Min(random.Next(1, 12), text.Length - from));
                        text.Insert(at, piece);
                        break;
                    default:
                        text.Insert(at, (char)random.Next(1, 128));
                        break;
                }
            }

            yield return text.ToString();
        }
    }

    [Fact]
    public void Mutated_templates_parse_lint_and_expand_or_fail_with_a_parse_error()
    {
        var seeds = SafetyContexts.All.Select(c => c.FullTemplate).ToList();
        var request = ShellSafePropertyTests.MinimalRequest();
        var values = HostileValues.Fixed().ToList();
        int parsed = 0;
        int refused = 0;
        int index = 0;
        foreach (string template in Mutations(seeds, 20_000, seed: 2026))
        {
            index++;
            _ = TemplateLinter.Lint(template, LintMode.ShellSafe);
            CommandTemplate command;
            try
            {
                command = CommandTemplate.Parse(template);
            }
            catch (TemplateParseException e)
            {
                Assert.True(e.Offset >= 0 && e.Offset <= template.Length, $"offset {e.Offset} outside {template.Length} chars: {template}");
                continue;
            }

            parsed++;
            request.Vars["v"] = values[index % values.Count];
            try
            {
                _ = command.Expand(request);
                _ = command.Expand(request, ExpansionMode.Verbatim);
            }
            catch (UnsafeShellValueException)
            {
                refused++;
            }
        }

        // The mutations must reach both outcomes, or the test checks nothing.
        Assert.InRange(parsed, 2_000, 19_000);
        Assert.True(refused > 0);
    }

    [Fact]
    public void Mutated_cfg_text_yields_exec_calls_whose_templates_lint_without_throwing()
    {
        string cfg = "route {\n    exec_dset(\"lookup.sh '$rU' \\\"$$SIP_HF_FROM\\\"\");\n    if (exec_avp(\"get.sh $fU\", \"$avp(s:a)\")) { xlog(\"x\"); }\n"
            + "    exec_msg(\"cat <<EOF\\n$ru\\nEOF\\n\");\n    exec_cmd(\"echo \\\"$${X:-$hdr(X-A)}\\\"\");\n}\n";
        int calls = 0;
        foreach (string text in Mutations(new[] { cfg }, 5_000, seed: 13))
        {
            foreach (ConfigExecCall call in KamailioConfig.FindExecCalls(text))
            {
                calls++;
                if (call.Command is not null)
                {
                    _ = TemplateLinter.Lint(call.Command.Value, LintMode.ShellSafe);
                }

                if (call.AvpList is not null)
                {
                    _ = TemplateLinter.LintAvpList(call.AvpList.Value);
                }
            }
        }

        Assert.True(calls > 5_000, "calls found: " + calls);
    }
}
