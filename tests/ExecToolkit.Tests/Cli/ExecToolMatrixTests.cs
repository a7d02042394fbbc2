using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ExecToolkit.Cli;
using ExecToolkit.Sip;
using ExecToolkit.Templates;
using ExecToolkit.Tests.Oracle;

namespace ExecToolkit.Tests.Cli;

/// <summary>
/// <c>exectool expand FILE TEMPLATE --mode verbatim --source 127.0.0.1:5081</c> against the runtime interpreter (which
/// <see cref="MatrixTests"/> compares with Kamailio) on a sample of the conformance matrix: every 10th routed request
/// in name order and every request whose name holds "user", each expression that Kamailio and the parser accept. exectool
/// cannot set the local address, so the expressions that read it (<c>$Ri</c>, <c>$Rp</c>) are left out.
/// </summary>
public class ExecToolMatrixTests
{
    private static readonly string[] LocalAddressExpressions = ["$Ri", "$Rp"];

    static ExecToolMatrixTests() => Environment.SetEnvironmentVariable("EXEC_MATRIX_ENV", MatrixData.EnvironmentValue);

    public static TheoryData<string> SampledRequests()
    {
        var data = new TheoryData<string>();
        List<string> routed = MatrixData.Requests.Values.Where(r => r.Routed).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        for (int i = 0; i < routed.Count; i++)
        {
            if (i % 10 == 0 || routed[i].Contains("user", StringComparison.Ordinal))
            {
                data.Add(routed[i]);
            }
        }

        return data;
    }

    [Fact]
    public void The_sample_is_large_enough()
    {
        Assert.True(SampledRequests().Count >= 30, "sampled requests: " + SampledRequests().Count);
        Assert.True(Expressions().Count >= 200, "expressions: " + Expressions().Count);
    }

    [Theory]
    [MemberData(nameof(SampledRequests))]
    public void Expand_prints_the_interpreter_s_expansion(string name)
    {
        MatrixRequest request = MatrixData.Requests[name];
        RequestContext context;
        try
        {
            context = request.CreateContext();
        }
        catch (SipParseException)
        {
            return; // the runtime does not route it: MatrixTests counts that difference with Kamailio
        }

        string file = CorpusFile(name);
        var mismatches = new List<string>();
        foreach (string expression in Expressions())
        {
            string expected = MatrixData.Show([.. SipText.Encode(CommandTemplate.Parse(expression).Expand(context, ExpansionMode.Verbatim)), (byte)'\n']);
            var (code, stdout, stderr) = Run("expand", file, expression, "--mode", "verbatim", "--source", "127.0.0.1:5081");
            string actual = MatrixData.Show(stdout);
            if (code != 0 || stderr.Length > 0 || !string.Equals(expected, actual, StringComparison.Ordinal))
            {
                mismatches.Add($"{expression}\n    interpreter {expected}\n    exectool    {actual} (exit {code}{(stderr.Length > 0 ? ", stderr " + stderr.TrimEnd('\n') : "")})");
            }
        }

        Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} expression(s) differ\n" + string.Join("\n", mismatches));
    }

    /// <summary>The expressions Kamailio and the parser accept, but for those that read the local address.</summary>
    private static List<string> Expressions()
        => MatrixData.Expressions
            .Where(e => e.AcceptedByKamailio && !LocalAddressExpressions.Contains(e.Text, StringComparer.Ordinal) && Parses(e.Text))
            .Select(e => e.Text)
            .ToList();

    private static bool Parses(string expression)
    {
        try
        {
            CommandTemplate.Parse(expression);
            return true;
        }
        catch (TemplateParseException)
        {
            return false;
        }
    }

    /// <summary>The request's .sip file: tests/oracle/matrix/corpus, tests/oracle/cases/corpus, or a folder of the latter.</summary>
    private static string CorpusFile(string name)
    {
        string[] candidates =
        [
            Path.Combine(MatrixData.Directory, "corpus", name + ".sip"),
            Path.Combine(OracleData.Directory, "corpus", name + ".sip"),
        ];
        string? file = candidates.FirstOrDefault(File.Exists);
        if (file is not null)
        {
            return file;
        }

        string folder = Path.Combine(OracleData.Directory, "corpus", name);
        return Directory.GetFiles(folder, "*.sip").Single();
    }

    private static (int Code, byte[] Stdout, string Stderr) Run(params string[] args)
    {
        using var input = new MemoryStream();
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = Commands.Run(args, input, output, error);
        return (code, output.ToArray(), error.ToString());
    }
}
