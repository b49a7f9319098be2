using Finance.Bench;

// Benchmarks, one subcommand each (bench/run.sh NAME dispatches here): prints its figures as key=value.
return args.FirstOrDefault() switch
{
    "pdf" => PdfBench.Run(args.Skip(1).ToArray()),
    "flows" => await FlowsBench.RunAsync(args.Skip(1).ToArray()),
    "hangfire" => HangfireBench.Run(args.Skip(1).ToArray()),
    "reading" => await ReadingBench.RunAsync(args.Skip(1).ToArray()),
    "reading-text" => await ReadingBench.TextAsync(args.Skip(1).ToArray()),
    "reading-corpus" => ReadingBench.List(args.Skip(1).ToArray()),
    "reading-qr-bills" => ReadingBench.QrBills(args.Skip(1).ToArray()),
    "reading-qr-scans" => ReadingParts.QrScans(args.Skip(1).ToArray()),
    "reading-parts" => await ReadingParts.RunAsync(args.Skip(1).ToArray()),
    "reconcile" => ReconcileBench.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Finance.Bench pdf [count] [--out DIR] | flows CONNECTION COUNT STEPS | hangfire CONNECTION COUNT WORKERS | reading FIXTURES SCANS | reading-corpus FIXTURES COUNT | reading-qr-bills FIXTURES OUT | reading-parts SCANS | reading-qr-scans SCANS | reading-text FILE | reconcile [SIZE] [NAIVE_SECONDS]");
    return 2;
}
