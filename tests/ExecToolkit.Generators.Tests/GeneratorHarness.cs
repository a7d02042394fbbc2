extern alias Generators;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ExecGenerator = Generators::ExecToolkit.Generators.ExecGenerator;

namespace ExecToolkit.Generators.Tests;

/// <summary>Runs the generator with <see cref="CSharpGeneratorDriver"/> over net8.0 reference assemblies plus the ExecToolkit runtime.</summary>
public static class GeneratorHarness
{
    /// <summary>The generator assembly's version (three parts), as it writes it into [GeneratedCode].</summary>
    public static string GeneratorVersion => typeof(ExecGenerator).Assembly.GetName().Version!.ToString(3);

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static ImmutableArray<MetadataReference> References { get; } = BuildReferences();

    public static CSharpCompilation Compile(params string[] sources) => CompileWith(References, sources);

    public static GeneratorDriver CreateDriver(bool track = false)
        => CSharpGeneratorDriver.Create(
            new[] { new ExecGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator; returns the output compilation and the generator's diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Result) Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>net8.0 reference assemblies alone (no ExecToolkit runtime).</summary>
    public static ImmutableArray<MetadataReference> Net80Only { get; } = Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    public static CSharpCompilation CompileWith(ImmutableArray<MetadataReference> references, params string[] sources)
        => CSharpCompilation.Create(
            "Sample",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "/src/Test" + i + ".cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    // The runtime targets net10.0, so compiling against it with the net8.0 reference assemblies fails with CS1705
    // (System.Runtime 10.0 > 8.0). Compilations that reference the runtime use the running shared framework's
    // assemblies instead (no download), plus the runtime and its Microsoft.Extensions dependencies.
    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        string framework = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string[] trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(System.IO.Path.PathSeparator);
        var references = new List<MetadataReference>();
        foreach (string path in trusted)
        {
            string name = System.IO.Path.GetFileNameWithoutExtension(path);
            if (string.Equals(System.IO.Path.GetDirectoryName(path), framework, StringComparison.Ordinal)
                || name is "Microsoft.Extensions.Logging.Abstractions" or "Microsoft.Extensions.Options" or "Microsoft.Extensions.DependencyInjection.Abstractions" or "Microsoft.Extensions.Primitives")
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        references.Add(MetadataReference.CreateFromFile(typeof(SipExec).Assembly.Location));
        return references.ToImmutableArray();
    }
}
