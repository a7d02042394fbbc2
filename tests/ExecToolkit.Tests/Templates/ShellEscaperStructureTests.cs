using CsCheck;
using ExecToolkit.Templates;
using static ExecToolkit.Tests.Templates.ShellTestSupport;

namespace ExecToolkit.Tests.Templates;

/// <summary>
/// Shell-free properties (CsCheck): an escaped value read back by the scanner as literal text leaves the command
/// complete and the text after it in the same context it was in the template.
/// </summary>
public class ShellEscaperStructureTests
{
    private static readonly Gen<char> HostileChar = Gen.Frequency(
        (8, Gen.Char["'\"\\$`\n\t ;|&<>(){}*?[]~#=%!-"]),
        (3, Gen.Char['\u0001', '\u007f']),
        (1, Gen.Char['\u0080', '\ud7ff']));

    private static readonly Gen<string> HostileValue = Gen.String[HostileChar, 0, 30];

    [Theory]
    [InlineData("x <ph> <ph>")]
    [InlineData("x 'a<ph>' <ph>")]
    [InlineData("x \"a<ph>\" <ph>")]
    [InlineData("x \"$(y <ph>)\" <ph>")]
    [InlineData("x $(y \"<ph>\" '<ph>') <ph>")]
    [InlineData("x `y <ph>` <ph>")]
    [InlineData("x \"`y \"<ph>\"`\" <ph>")]
    [InlineData("x `y \\`z <ph>\\`` <ph>")]
    [InlineData("x ${X:-<ph>} \"${Y#<ph>}\" <ph>")]
    [InlineData("x # <ph>\ny <ph>")]
    [InlineData("x > <ph>; <ph>")]
    [InlineData("x \"${Y#'<ph>'}\" \\<ph> \"\\<ph>\" $<ph> \"$A<ph>\" <ph>")]
    [InlineData("x $((1 + 2)) \"${X:-\"<ph>\"}\" <ph>")]
    [InlineData("x `y \"$(z \\<ph>)\"` <ph>")]
    public void EscapedValueKeepsTheStructure(string template)
    {
        var original = Contexts(template);
        HostileValue.Sample(value =>
        {
            // Replace all but the last placeholder with the escaped value; the last one must keep its context.
            var segments = Segments(template);
            var contexts = ShellScanner.Scan(segments);
            var text = new System.Text.StringBuilder();
            int index = 0;
            foreach (var segment in segments)
            {
                if (!segment.IsPlaceholder)
                {
                    text.Append(segment.LiteralText);
                }
                else if (index < contexts.Count - 1)
                {
                    try
                    {
                        ShellEscaper.Append(text, value, contexts[index++]);
                    }
                    catch (UnsafeShellValueException)
                    {
                        // Refused: nothing is written, so the structure is the template's (the refusal rules are
                        // checked against every shell by EveryShellSafetyTests).
                        return;
                    }
                }
                else
                {
                    text.Append("<ph>");
                }
            }

            var result = ShellScanner.Analyze(Segments(text.ToString()));
            Assert.True(result.IsComplete, result.Message);
            var last = Assert.Single(result.Contexts);
            Assert.Equal(original[original.Count - 1].Layers, last.Layers);
            Assert.Equal(original[original.Count - 1].IsCommandWord, last.IsCommandWord);
        }, iter: 2_000, seed: "0N0XIzNsQ0O2");
    }
}
