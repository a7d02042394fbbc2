extern alias Generators;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TrackingNames = Generators::ExecToolkit.Generators.TrackingNames;

namespace ExecToolkit.Generators.Tests;

public class IncrementalityTests
{
    private static readonly string[] StepNames =
    {
        TrackingNames.Dset, TrackingNames.Msg, TrackingNames.Avp, TrackingNames.Cmd,
        TrackingNames.Dset + TrackingNames.Models, TrackingNames.Msg + TrackingNames.Models,
        TrackingNames.Avp + TrackingNames.Models, TrackingNames.Cmd + TrackingNames.Models,
        TrackingNames.Dset + TrackingNames.Diagnostics, TrackingNames.Cmd + TrackingNames.Diagnostics,
        TrackingNames.AllModels, TrackingNames.TypeGroups,
    };

    private const string BadSource = """
        using System.Threading.Tasks;
        using ExecToolkit;

        public static partial class Bad
        {
            [ExecCmd("echo $nope")]
            public static partial ValueTask<ExecResult> Run(SipExec exec, RequestContext request);
        }
        """;

    public static IEnumerable<object[]> Edits() => new[]
    {
        new object[] { "new file" },
        new object[] { "same file" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged(string edit)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(CompilationTests.Source, BadSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(track: true).RunGenerators(compilation);
        AssertNoRoslynObjects(driver.GetRunResult().Results[0]);

        CSharpCompilation edited;
        if (edit == "new file")
        {
            edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal static class Unrelated { }", GeneratorHarness.ParseOptions, path: "/src/Unrelated.cs"));
        }
        else
        {
            SyntaxTree tree = compilation.SyntaxTrees.First();
            SyntaxTree changed = tree.WithChangedText(tree.GetText().Replace(0, 0, "// an unrelated comment\n"));
            edited = compilation.ReplaceSyntaxTree(tree, changed);
        }

        driver = driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results[0];
        var seen = new HashSet<string>();
        foreach (string name in StepNames)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps))
            {
                continue;
            }

            seen.Add(name);
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name + " was " + reason);
                }
            }
        }

        Assert.Contains(TrackingNames.Dset, seen);
        Assert.Contains(TrackingNames.AllModels, seen);
        Assert.Contains(TrackingNames.TypeGroups, seen);
        Assert.Contains(TrackingNames.Cmd + TrackingNames.Diagnostics, seen);
        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output was " + reason);
        }
    }

    [Fact]
    public void ChangingATemplateRegeneratesOnlyThatType()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(CompilationTests.Source, BadSource);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(track: true).RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.First();
        string text = tree.GetText().ToString().Replace("x $var(v)", "y $var(v)", StringComparison.Ordinal);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))));
        var groups = driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.TypeGroups].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, groups.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, groups.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    private static void AssertNoRoslynObjects(GeneratorRunResult result)
    {
        foreach (string name in StepNames)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps))
            {
                continue;
            }

            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach (var (value, _) in step.Outputs)
                {
                    Walk(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or Location or SemanticModel or SyntaxTree, path + " holds a " + value.GetType().FullName);
        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, path + "[" + i++ + "]", visited);
            }
        }

        for (Type? t = value.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), path + "." + field.Name, visited);
            }
        }
    }
}
