/* verdict.c - the diagnosis rules: numbers in, findings out. */
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>

#include "limits.h"

const char *const sx_finding_names[SX_FIND_COUNT] = {
	[SX_FIND_REFUSED] = "refused",
	[SX_FIND_UNANSWERED] = "unanswered",
	[SX_FIND_RECEIVER_LIMITED] = "receiver_limited",
	[SX_FIND_SENDER_LIMITED] = "sender_limited",
	[SX_FIND_NETWORK_LIMITED] = "network_limited",
	[SX_FIND_LATENCY_BOUND] = "latency_bound",
	[SX_FIND_LOSS_DOWNSTREAM] = "loss_downstream",
	[SX_FIND_LOSS_UPSTREAM] = "loss_upstream",
	[SX_FIND_IDLE] = "idle",
	[SX_FIND_RESET] = "reset",
	[SX_FIND_CAPTURE_GAPS] = "capture_gaps",
	[SX_FIND_DUPLICATES] = "duplicates",
};

#define BIT SX_FINDING_BIT

/* The rules compare the values as the report prints them (times in whole
 * microseconds, rates with six decimals), so that a user comparing the
 * printed columns by hand always agrees. */
static int64_t
printed_us(int64_t ns)
{
	/* as sx_format_seconds rounds: to the nearest microsecond */
	uint64_t u = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	int64_t us = (int64_t)(u / 1000 + (u % 1000 >= 500));

	return ns < 0 ? -us : us;
}

static double
printed_ratio(double x)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.6f", x);
	return strtod(buf, NULL);
}

/* A round-trip count at most SX_LIMITS_LATENCY_RTTS (absent: no). */
static int
few_rtts(double rtts)
{
	return rtts >= 0 && printed_ratio(rtts) <= SX_LIMITS_LATENCY_RTTS;
}

/* What limited the transfer: latency_bound when the whole exchange took
 * a few round trips; else, for each data direction that took more, the
 * limit with a majority of its transfer time (receiver_limited names
 * the receiver, the others the sender). */
static uint32_t
limit_findings(const struct sx_verdict_in *in)
{
	const double *share[SX_LIM_COUNT] = { in->rwnd_share, in->snd_share,
	    in->net_share };
	static const int fi[SX_LIM_COUNT] = { SX_FIND_RECEIVER_LIMITED,
	    SX_FIND_SENDER_LIMITED, SX_FIND_NETWORK_LIMITED };
	uint32_t out = 0;
	int side, k;

	if (few_rtts(in->rtts))
		return BIT(SX_FIND_LATENCY_BOUND, 0);
	for (side = 0; side < 2; side++) {
		if (few_rtts(in->rtts_side[side]))
			continue;
		for (k = 0; k < SX_LIM_COUNT; k++)
			if (share[k][side] >= 0 && printed_ratio(
			    share[k][side]) > SX_DIAG_LIMIT_MAJORITY)
				out |= BIT(fi[k], k == SX_LIM_RWND ? !side :
				    side);
	}
	return out;
}

uint32_t
sx_verdict(const struct sx_verdict_in *in)
{
	uint32_t out = 0;
	int side, syn_only;

	/* completeness: 1 SYN, 2 SYN-ACK */
	syn_only = (in->completeness & 1) && !(in->completeness & 2);
	if (syn_only && in->rst[1] > 0)
		out |= BIT(SX_FIND_REFUSED, 0);
	else if (syn_only && in->frames_side[1] == 0)
		out |= BIT(SX_FIND_UNANSWERED, 0);
	out |= limit_findings(in);
	for (side = 0; side < 2; side++) {
		if (in->lost_down[side] > 0)
			out |= BIT(SX_FIND_LOSS_DOWNSTREAM, side);
		if (in->lost_up[side] > 0)
			out |= BIT(SX_FIND_LOSS_UPSTREAM, side);
		if (!(out & BIT(SX_FIND_REFUSED, 0)) && in->rst[side] > 0)
			out |= BIT(SX_FIND_RESET, side);
	}
	if (!(out & (BIT(SX_FIND_REFUSED, 0) | BIT(SX_FIND_UNANSWERED, 0)))) {
		int64_t us = printed_us(in->idle_ns);
		int64_t dur = printed_us(in->duration_ns);

		if (us >= SX_DIAG_IDLE_MIN_NS / 1000 &&
		    (double)us >= SX_DIAG_IDLE_SHARE * (double)dur)
			out |= BIT(SX_FIND_IDLE, 0);
	}
	if (in->unfilled > 0 || in->ack_lost > 0)
		out |= BIT(SX_FIND_CAPTURE_GAPS, 0);
	if (in->dups > 0)
		out |= BIT(SX_FIND_DUPLICATES, 0);
	return out;
}

int
sx_finding_has_side(int fi)
{
	return fi == SX_FIND_RECEIVER_LIMITED ||
	    fi == SX_FIND_SENDER_LIMITED || fi == SX_FIND_NETWORK_LIMITED ||
	    fi == SX_FIND_LOSS_DOWNSTREAM || fi == SX_FIND_LOSS_UPSTREAM ||
	    fi == SX_FIND_RESET;
}

void
sx_verdict_format(uint32_t findings, char *buf, size_t size)
{
	size_t len = 0;
	int fi, side;

	buf[0] = '\0';
	if (findings == 0) {
		snprintf(buf, size, "ok");
		return;
	}
	for (fi = 0; fi < SX_FIND_COUNT; fi++) {
		for (side = 0; side < 2; side++) {
			int n;

			if (!(findings & BIT(fi, side)))
				continue;
			n = snprintf(buf + len, size - len, "%s%s%s",
			    len ? "," : "", sx_finding_names[fi],
			    sx_finding_has_side(fi) ? (side ? ":dst" : ":src") :
			    "");
			if (n < 0 || (size_t)n >= size - len)
				return;
			len += (size_t)n;
		}
	}
}
