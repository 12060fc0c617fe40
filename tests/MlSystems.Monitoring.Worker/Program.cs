using MlSystems.Monitoring.Worker;

// A separate OS process for the fleet's cross-process tests, in one of three roles; each documents its arguments.
return args.Length == 0 ? Usage() : args[0] switch
{
    "lease" => await LeaseRace.RunAsync(args[1..]),
    "serve" => await ServingHostWorker.RunAsync(args[1..]),
    "coordinate" => await CoordinatorWorker.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: worker lease|serve|coordinate <arguments>");
    return 2;
}
