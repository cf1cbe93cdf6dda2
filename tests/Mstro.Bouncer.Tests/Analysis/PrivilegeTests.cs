using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Account and capability changes say what they grant, so the policy can tell making someone root from
/// ordinary administration.</summary>
public class PrivilegeTests
{
    [Theory]
    [InlineData("sudo useradd -o -u 0 -g 0 -M -s /bin/bash svc", "root-account")]
    [InlineData("useradd --uid 0 svc", "root-account")]
    [InlineData("useradd --uid=000 svc", "root-account")]
    [InlineData("usermod --non-unique -u 1000 svc", "root-account")]
    [InlineData("sudo usermod -aG sudo dev", "admin-group")]
    [InlineData("usermod -a -G docker,wheel dev", "admin-group")]
    [InlineData("usermod --groups=admin dev", "admin-group")]
    [InlineData("useradd -g root svc", "admin-group")]
    [InlineData("gpasswd -a dev sudo", "admin-group")]
    [InlineData("adduser dev sudo", "admin-group")]
    [InlineData("dseditgroup -o edit -a dev -t user admin", "admin-group")]
    [InlineData("dscl . -append /Groups/admin GroupMembership dev", "admin-group")]
    [InlineData("sysadminctl -addUser svc -admin", "admin-group")]
    [InlineData("useradd -m -s /bin/bash builder", "accounts")]
    [InlineData("usermod -aG docker dev", "accounts")]
    [InlineData("gpasswd -a dev video", "accounts")]
    [InlineData("passwd", "accounts")]
    public void AccountChangesSayWhatTheyGrant(string command, string detail) =>
        Of(command).Has(EffectKind.Privilege, detail: detail);

    [Theory]
    [InlineData("sudo setcap cap_setuid+ep /usr/bin/python3.11", "capabilities cap_setuid+ep")]
    [InlineData("setcap 'CAP_NET_BIND_SERVICE=+ep' ./server", "capabilities cap_net_bind_service=+ep")]
    [InlineData("setcap =ep /tmp/x", "capabilities =ep")]
    [InlineData("setcap -q cap_dac_override+eip /tmp/x", "capabilities cap_dac_override+eip")]
    [InlineData("setcap -r /tmp/x", "capabilities -r")]
    public void SetcapNamesTheCapabilities(string command, string detail)
    {
        var effects = Of(command);
        effects.Has(EffectKind.Privilege, detail: detail);
    }

    [Theory]
    [InlineData("sudo chmod u+s /bin/bash")]
    [InlineData("chmod g+s shared")]
    [InlineData("chmod +s /usr/bin/python3")]
    [InlineData("chmod 4755 /tmp/.b")]
    [InlineData("chmod 2755 dir")]
    [InlineData("install -m 4755 x /usr/local/bin/x")]
    public void SetuidBitsAreFlagged(string command) => Of(command).Has(EffectKind.ChangeMode, flags: EffectFlags.Setuid);

    [Theory]
    [InlineData("chmod 755 build.sh")]
    [InlineData("chmod u+x,g-s run.sh")]
    [InlineData("chmod -R go-w .")]
    public void OtherModesAreNot(string command) => Of(command).HasNo(EffectKind.ChangeMode, EffectFlags.Setuid);
}
