using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ExecToolkit.Sip;
using ExecToolkit.Templates;

namespace ExecToolkit.Tests.Oracle;

/// <summary>
/// The runtime against the conformance matrix recorded from Kamailio 5.6.3 (tests/oracle/matrix): the same expressions
/// accepted, the same requests routed, the same SIP_* block and the same printed text for every expression on every
/// request. A difference fails unless it is a documented divergence (<see cref="MatrixDivergences"/>) or listed in
/// known-differences.txt (<see cref="KnownDifferences"/>).
/// </summary>
public class MatrixTests
{
    static MatrixTests() => Environment.SetEnvironmentVariable("EXEC_MATRIX_ENV", MatrixData.EnvironmentValue);

    [Fact]
    public void The_matrix_is_recorded_for_the_whole_corpus()
    {
        Assert.True(MatrixData.Requests.Count >= 150, "requests: " + MatrixData.Requests.Count);
        Assert.True(MatrixData.Expressions.Count(e => e.AcceptedByKamailio) >= 200);
        Assert.Contains(MatrixData.Expressions, e => !e.AcceptedByKamailio);
        Assert.Contains(MatrixData.Requests.Values, r => !r.Routed);
    }

    [Theory]
    [MemberData(nameof(MatrixData.ExpressionTexts), MemberType = typeof(MatrixData))]
    public void An_expression_is_a_template_exactly_when_Kamailio_accepts_it_at_start_up(string expression)
    {
        bool kamailio = MatrixData.Expressions.Single(e => e.Text == expression).AcceptedByKamailio;
        TemplateParseException? error = Record.Exception(() => CommandTemplate.Parse(expression)) as TemplateParseException;

        var differences = new List<MatrixDifference>();
        if (kamailio != (error is null))
        {
            differences.Add(new(expression, "@startup", kamailio ? "Kamailio accepts it, the parser says: " + error?.Message : "Kamailio refuses it, the parser accepts it"));
        }

        KnownDifferences.AssertSame(expression, "@startup", differences);
    }

    [Theory]
    [MemberData(nameof(MatrixData.RequestNames), MemberType = typeof(MatrixData))]
    public void A_request_parses_exactly_when_Kamailio_routes_it(string name)
    {
        MatrixRequest request = MatrixData.Requests[name];
        Exception? error = Record.Exception(() => request.CreateContext());

        Assert.True(error is null or SipParseException, error?.ToString());
        var differences = new List<MatrixDifference>();
        if (request.Routed != (error is null))
        {
            differences.Add(new(name, "@routed", request.Routed ? "Kamailio routes it, the parser says: " + error?.Message : "Kamailio drops it, the parser accepts it"));
        }

        KnownDifferences.AssertSame(name, "@routed", differences);
    }

    [Theory]
    [MemberData(nameof(MatrixData.RequestNames), MemberType = typeof(MatrixData))]
    public void The_SIP_block_equals_Kamailio_s(string name)
    {
        MatrixRequest request = MatrixData.Requests[name];
        if (!request.Routed)
        {
            return;
        }

        var differences = new List<MatrixDifference>();
        RequestContext? context = request.TryCreateContext();
        if (context is not null)
        {
            bool available = context.Request.HeaderError is null;
            if (available != (request.ExecMsgReturnCode == 1))
            {
                differences.Add(new(name, "@sip_env", $"Kamailio's exec_msg returned {request.ExecMsgReturnCode}; the runtime's environment is {(available ? "available" : "unavailable: " + context.Request.HeaderError)}"));
            }
            else if (available)
            {
                List<string> expected = request.SipEnvironment.Select(b => Convert.ToHexString(b)).ToList();
                List<string> actual = SipEnvironment.Build(context, includeDocumentedOriginalUri: false)
                    .Select(v => Convert.ToHexString([.. Encoding.ASCII.GetBytes(v.Name + "="), .. v.Value.Span]))
                    .ToList();
                MatrixDivergences.AdjustEnvironment(request, expected);
                if (!expected.SequenceEqual(actual))
                {
                    differences.Add(new(name, "@sip_env", "Kamailio:\n  " + string.Join("\n  ", expected.Select(Readable)) + "\nruntime:\n  " + string.Join("\n  ", actual.Select(Readable))));
                }
            }
        }

        KnownDifferences.AssertSame(name, "@sip_env", differences);
    }

    [Theory]
    [MemberData(nameof(MatrixData.RequestNames), MemberType = typeof(MatrixData))]
    public void Every_expression_prints_what_Kamailio_printed(string name)
    {
        MatrixRequest request = MatrixData.Requests[name];
        if (!request.Routed)
        {
            return;
        }

        var differences = new List<MatrixDifference>();
        RequestContext? context = request.TryCreateContext();
        foreach (MatrixExpression expression in MatrixData.Expressions.Where(e => e.AcceptedByKamailio && context is not null))
        {
            CommandTemplate template;
            try
            {
                template = CommandTemplate.Parse(expression.Text);
            }
            catch (TemplateParseException)
            {
                continue; // counted by An_expression_is_a_template_exactly_when_Kamailio_accepts_it_at_start_up
            }

            byte[]? expected = request.Value(expression.Text);
            byte[] actual = SipText.Encode(template.Expand(context!, ExpansionMode.Verbatim));
            if (expected is null || !expected.AsSpan().SequenceEqual(actual))
            {
                differences.Add(new(name, expression.Text, $"Kamailio {(expected is null ? "(not printed)" : MatrixData.Show(expected))}, runtime {MatrixData.Show(actual)}"));
            }
        }

        KnownDifferences.AssertSame(name, null, differences);
    }

    private static string Readable(string hex) => SipText.Decode(Convert.FromHexString(hex));
}
