using Budget.AppHost;
using Budget.AppHost.Deployment;

var builder = DistributedApplication.CreateBuilder(args);

// Generated once and kept in the AppHost's user secrets, so restarts sign nobody out. 64 letters and digits are
// valid base64 for 48 bytes, which is what the API expects. On the Pi it comes from the deployment's Secret.
var signingKey = builder.AddParameter(
    ResourceNames.SigningKey,
    new GenerateParameterDefault { MinLength = 64, Special = false },
    secret: true,
    persist: true);

// Kept across runs; delete the folder to start afresh (see README). On the Pi: the pod's volume.
var dataDirectory = builder.ExecutionContext.IsPublishMode
    ? K3sManifests.DataPath
    : builder.Configuration["Api:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".data");

// The household's time zone (Parameters:time-zone in appsettings.json): the day scheduled transactions fall due,
// and on the Pi the nightly backup's clock. One parameter, so the two never disagree.
var timeZone = builder.AddParameter(ResourceNames.TimeZone);

var api = builder.AddProject<Projects.Budget_Api>(ResourceNames.Api)
    .WithEnvironment("ConnectionStrings__budget", $"Data Source={Path.Combine(dataDirectory, "budget.db")}")
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("Budget__TimeZone", timeZone)
    .WithHttpHealthCheck("/health")
    .WithSessionCache();

builder.AddWebDevServer(api);

// The Raspberry Pi (k3s): what the pod may use, its publish-only settings, the nightly backup in the household's
// time zone, and the step that writes aspirate-output/ (see README). Memory: what the API allocates stays under ~56 MiB,
// but the runtime's files it reads count against the pod too; with them it needs ~112-128 MiB to start and serve, and
// in 64 MiB it never serves after a node restart (bench/README.md, "A pod's own files"). 192 leaves room for arm64's
// larger code.
api.WithPodSizing(requests: ("128Mi", "100m"), limits: ("192Mi", "200m"))
    .WithPiRuntime()
    .WithNightlyBackup("0 2 * * *", timeZone);
builder.AddK3sPublishing();

builder.Build().Run();
