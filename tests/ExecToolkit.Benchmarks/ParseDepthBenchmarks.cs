using System.Linq;
using BenchmarkDotNet.Attributes;
using ExecToolkit.Templates;

namespace ExecToolkit.Benchmarks;

/// <summary>
/// Parse time against nesting depth: a template nested <see cref="Depth"/> levels deep in one construct, a placeholder
/// innermost, parsed by <see cref="CommandTemplate.Parse"/> (the template syntax and the shell scan) and linted by
/// <see cref="TemplateLinter"/> (what the analyzers and <c>exectool lint</c> run). Linear means the time per level stays
/// flat from 10 to 300 levels (a double-quoted $(...) takes three of the parser's 1,000 levels, so 333 of them is the limit).
/// </summary>
[MemoryDiagnoser]
public class ParseDepthBenchmarks
{
    private string template = "";

    /// <summary>The construct repeated: its opening, then its closing.</summary>
    [Params("$$(echo |)", "\"$$(|)\"", "$${X:-|}", "$$((1+|))")]
    public string Construct { get; set; } = "";

    [Params(10, 100, 300)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Construct.Split('|');
        string open = parts[0];
        string close = parts[1];
        template = string.Concat(Enumerable.Repeat(open, Depth)) + "$rU" + string.Concat(Enumerable.Repeat(close, Depth));
    }

    [Benchmark]
    public CommandTemplate Parse() => CommandTemplate.Parse(template);

    [Benchmark]
    public int Lint() => TemplateLinter.Lint(template, LintMode.ShellSafe).Count;
}
