using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExecToolkit.Cli;
using Json.Schema;
using Xunit;

namespace ExecToolkit.Tests.Lint;

/// <summary>
/// <c>exectool lint --format sarif</c> against the SARIF 2.1.0 schema (the copy Microsoft's SARIF SDK ships), with
/// <c>format</c> checked too (URIs, URI references), for every shape of output: findings of every rule, no findings,
/// standard input, file names with spaces and '#', files inside and outside the working directory.
/// </summary>
public class SarifSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Lint", "sarif-2.1.0.json")));

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static string Cfg(string name) => Path.Combine(System.AppContext.BaseDirectory, "Lint", "cfg", name);

    private static string Sarif(byte[]? stdin, params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = Commands.Run([.. args, "--format", "sarif"], new MemoryStream(stdin ?? []), output, error);
        Assert.True(code is 0 or 1, error.ToString());
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static List<string> Violations(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        EvaluationResults results = Schema.Evaluate(doc.RootElement, Options);
        if (results.IsValid)
        {
            return [];
        }

        // List output: the failing nodes, each with its instance location and messages.
        var nodes = results.Details ?? [];
        return nodes.Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Key + ": " + e.Value)).DefaultIfEmpty("invalid").ToList();
    }

    public static TheoryData<string> CfgFiles() => new(Directory.GetFiles(Path.Combine(System.AppContext.BaseDirectory, "Lint", "cfg"), "*.cfg").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(CfgFiles))]
    public void Every_test_configuration_gives_valid_sarif_in_either_mode(string file)
    {
        Assert.Empty(Violations(Sarif(null, "lint", Cfg(file))));
        Assert.Empty(Violations(Sarif(null, "lint", Cfg(file), "--mode", "safe")));
    }

    [Fact]
    public void Every_rule_a_cfg_can_break_has_a_result_in_the_validated_output()
    {
        // The documented examples hold one call per rule, and a "${X:-$fn}" call gives EXEC1009 in safe mode, so each
        // result shape is validated, not only the rules table. EXEC1008 (a command string built in C#) has no cfg form.
        byte[] shellsDiffer = Encoding.UTF8.GetBytes("route {\n    exec_cmd(\"notify.sh \\\"$${NAME:-$fn}\\\"\");\n}\n");
        string[] outputs =
        [
            Sarif(null, "lint", Cfg("documented-examples.cfg")),
            Sarif(null, "lint", Cfg("documented-examples.cfg"), "--mode", "safe"),
            Sarif(shellsDiffer, "lint", "-", "--mode", "safe"),
        ];
        var ruleIds = new SortedSet<string>();
        foreach (string sarif in outputs)
        {
            Assert.Empty(Violations(sarif));
            using var doc = JsonDocument.Parse(sarif);
            ruleIds.UnionWith(doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!));
        }

        // EXEC1008, EXEC1010 and EXEC1011 are C# only (a command built in C#, ShellUse): no cfg gives them.
        Assert.Equal(ExecToolkit.Templates.LintRule.All.Select(r => r.Id).Where(id => id is not ("EXEC1008" or "EXEC1010" or "EXEC1011")).Order(), ruleIds);
    }

    [Fact]
    public void No_findings_standard_input_and_awkward_file_names_are_valid()
    {
        Assert.Empty(Violations(Sarif(Encoding.UTF8.GetBytes("request_route { exec_msg(\"true\"); }\n"), "lint", "-")));
        Assert.Empty(Violations(Sarif(Encoding.UTF8.GetBytes("request_route { exec_msg(\"notify.sh $ct\"); }\n"), "lint", "-")));

        string dir = Path.Combine(Path.GetTempPath(), "sarif schema #% " + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string cfg = Path.Combine(dir, "a b#c%d é.cfg");
            File.Copy(Cfg("documented-examples.cfg"), cfg);
            Assert.Empty(Violations(Sarif(null, "lint", cfg)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("version", "\"2.0.0\"")]
    [InlineData("runs/0/results/0/level", "\"severe\"")]
    [InlineData("runs/0/tool/driver/rules/0/helpUri", "\"not a uri\"")]
    [InlineData("runs/0/results/0/locations/0/physicalLocation/region/startLine", "0")]
    [InlineData("runs/0/results/0/message", "{}")]
    public void The_check_rejects_a_broken_document(string path, string value)
    {
        // The validator is really checking: each of these edits of exectool's own output is a schema violation.
        JsonNode root = JsonNode.Parse(Sarif(null, "lint", Cfg("documented-examples.cfg")))!;
        string[] steps = path.Split('/');
        JsonNode parent = root;
        foreach (string step in steps[..^1])
        {
            parent = int.TryParse(step, out int index) ? parent[index]! : parent[step]!;
        }

        parent[steps[^1]] = JsonNode.Parse(value);
        Assert.NotEmpty(Violations(root.ToJsonString()));
    }
}
