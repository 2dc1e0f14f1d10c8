extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using k8s;
using k8s.Models;
using K3sManifests = AppHost::Budget.AppHost.Deployment.K3sManifests;

namespace Budget.Tests.Deployment;

/// <summary>What the AppHost composes is what the Pi runs: a change to the composition reaches the manifests unedited.</summary>
public sealed class ManifestsFromModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_setting_and_a_secret_the_apphost_gives_the_api_reach_its_pod_and_the_secret_only_through_the_secret()
    {
        const string secretValue = "a-mail-password-that-must-never-be-written";
        await WithPublishedTreeAsync(
            ["--Parameters:mail-password=" + secretValue, "--Parameters:time-zone=America/New_York"],
            builder =>
            {
                var mailPassword = builder.AddParameter("mail-password", secret: true);
                builder.CreateResourceBuilder<ProjectResource>("api")
                    .WithEnvironment("Household__Name", "The Smiths")
                    .WithEnvironment("Mail__Password", mailPassword);
            },
            files =>
            {
                var api = Load<V1Deployment>(files, $"{K3sManifests.Base}/api-deployment.yaml").Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
                var backup = Load<V1CronJob>(files, $"{K3sManifests.Base}/backup-cronjob.yaml");
                var backupEnv = backup.Spec.JobTemplate.Spec.Template.Spec.Containers.Single().Env.Select(e => e.Name).ToList();

                Assert.Equal("The Smiths", api["Household__Name"].Value);
                Assert.Null(api["Mail__Password"].Value);
                Assert.Equal((K3sManifests.SecretsName, "mail-password"), (api["Mail__Password"].ValueFrom.SecretKeyRef.Name, api["Mail__Password"].ValueFrom.SecretKeyRef.Key));
                Assert.Contains($"mail-password={K3sManifests.SecretPlaceholder}", files[$"{K3sManifests.Base}/{K3sManifests.SecretsFile}.example"].Split('\n'));
                Assert.Contains("Household__Name", backupEnv);
                Assert.DoesNotContain("Mail__Password", backupEnv);
                Assert.DoesNotContain(files.Values, text => text.Contains(secretValue, StringComparison.Ordinal));
                Assert.Equal("America/New_York", backup.Spec.TimeZone);
                // One time zone for the household: the API's "today" for scheduled transactions is the backup's clock.
                Assert.Equal("America/New_York", api["Budget__TimeZone"].Value);
                Assert.Equal("0 2 * * *", backup.Spec.Schedule);
            });
    }

    [Fact]
    public async Task A_backup_time_zone_that_is_not_a_real_zone_stops_publishing()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => WithPublishedTreeAsync(["--Parameters:time-zone=Mars/Olympus_Mons"], null, _ => { }));

        Assert.Contains("Mars/Olympus_Mons", error.ToString());
    }

    [Fact]
    public async Task A_cache_the_pi_cannot_run_stops_publishing_instead_of_leaving_the_api_pointing_at_nothing()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => WithPublishedTreeAsync(["--Cache:Mode=local"], null, _ => { }));

        Assert.Contains("which the Pi cannot run", error.ToString());
    }

    [Fact]
    public async Task Without_the_cache_in_the_composition_there_is_no_cache_component_and_no_secret_for_it()
    {
        await WithPublishedTreeAsync(["--Cache:Mode=none"], null, files =>
        {
            Assert.DoesNotContain(files.Keys, path => path.Contains("cache", StringComparison.Ordinal));
            var secrets = files[$"{K3sManifests.Base}/{K3sManifests.SecretsFile}.example"].Split('\n').Where(line => line.Contains('=') && !line.StartsWith('#'));
            Assert.Equal([$"jwt-signing-key={K3sManifests.SecretPlaceholder}"], secrets);
        });
    }

    private static async Task WithPublishedTreeAsync(string[] arguments, Action<IDistributedApplicationTestingBuilder>? compose, Action<SortedDictionary<string, string>> check)
    {
        var output = Directory.CreateTempSubdirectory("budget-publish-model-").FullName;
        try
        {
            await ManifestTree.PublishAsync(output, Ct, arguments, compose);
            check(ManifestTree.Files(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static T Load<T>(SortedDictionary<string, string> files, string path) =>
        ManifestTree.LoadStrictly(files[path], path).OfType<T>().Single();
}
