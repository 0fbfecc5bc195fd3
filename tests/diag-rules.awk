# diag-rules.awk - the diagnosis rules of the man page, restated over a
# report's own columns, to check streamxpert's diagnosis column against.
# Input: streamxpert -T tsv -e all FILE. Output: "stream<TAB>findings"
# per row, with the findings this file derives, then the diagnosis column
# streamxpert printed (two columns to compare).
#
# The rules (thresholds as documented: 0.5 share, 5 round trips, 1 s and
# 50 % idle),
# on the values as printed (times in whole microseconds):
#   refused            completeness has SYN (1) but not SYN-ACK (2), rst_rev > 0
#   unanswered         completeness has SYN but not SYN-ACK, frames_rev == 0
#                      (and not refused)
#   receiver_limited:S, sender_limited:S, network_limited:S: unless
#                      latency_bound, per data direction D (fwd: src sends,
#                      rev: dst sends) whose round_trips_D is absent or
#                      above 5, the limit whose share of D is above 0.5:
#                      rwnd_limited_share_D names the receiver (the other
#                      side), sender_ and network_limited_share_D the
#                      sender
#   latency_bound      round_trips (of the whole exchange) <= 5
#   loss_downstream:S  lost_downstream_S > 0
#   loss_upstream:S    lost_upstream_S > 0
#   idle               not refused nor unanswered, idle_max >= 1 s and
#                      idle_max >= 0.5 * duration
#   reset:S            rst_S > 0, unless refused
#   capture_gaps       unfilled_gaps > 0 or ack_lost_segment > 0
#   duplicates         dup_frames > 0
#   ok                 none of these
# in this order, src before dst.
BEGIN { FS = "\t" }
NR == 1 {
	for (i = 1; i <= NF; i++) c[$i] = i
	next
}
# the named column's value; a name missing from the header ends the run
# with status 2 (a rule over no column must not pass)
function col(name) {
	if (!(name in c)) {
		print "diag-rules.awk: no column " name > "/dev/stderr"
		exit 2
	}
	return $(c[name])
}
function v(name) { return col(name) + 0 }
function has(name) { return col(name) != "" }
function add(w) { out = out (out == "" ? "" : ",") w }
{
	out = ""
	comp = v("completeness")
	synonly = int(comp / 1) % 2 == 1 && int(comp / 2) % 2 == 0
	refused = synonly && v("rst_rev") > 0
	unanswered = !refused && synonly && v("frames_rev") == 0
	if (refused) add("refused")
	if (unanswered) add("unanswered")
	split("fwd rev", D, " ")
	split("src dst", W, " ")
	delete lim
	latency = has("round_trips") && v("round_trips") <= 5
	for (k = 1; k <= 2; k++) {
		if (latency || (has("round_trips_" D[k]) &&
		    v("round_trips_" D[k]) <= 5))
			continue
		if (has("rwnd_limited_share_" D[k]) &&
		    v("rwnd_limited_share_" D[k]) > 0.5)
			lim["receiver_limited:" W[3 - k]] = 1
		if (has("sender_limited_share_" D[k]) &&
		    v("sender_limited_share_" D[k]) > 0.5)
			lim["sender_limited:" W[k]] = 1
		if (has("network_limited_share_" D[k]) &&
		    v("network_limited_share_" D[k]) > 0.5)
			lim["network_limited:" W[k]] = 1
	}
	split("receiver_limited sender_limited network_limited", LN, " ")
	for (j = 1; j <= 3; j++)
		for (k = 1; k <= 2; k++)
			if ((LN[j] ":" W[k]) in lim) add(LN[j] ":" W[k])
	if (latency) add("latency_bound")
	for (k = 1; k <= 2; k++)
		if (v("lost_downstream_" D[k]) > 0) add("loss_downstream:" W[k])
	for (k = 1; k <= 2; k++)
		if (v("lost_upstream_" D[k]) > 0) add("loss_upstream:" W[k])
	idle = int(v("idle_max") * 1000000 + 0.5)
	dur = int(v("duration") * 1000000 + 0.5)
	if (!refused && !unanswered && idle >= 1000000 && 2 * idle >= dur)
		add("idle")
	for (k = 1; k <= 2; k++)
		if (!refused && v("rst_" D[k]) > 0) add("reset:" W[k])
	if (v("unfilled_gaps") > 0 || v("ack_lost_segment") > 0)
		add("capture_gaps")
	if (v("dup_frames") > 0) add("duplicates")
	if (out == "") out = "ok"
	print col("stream") "\t" out "\t" col("diagnosis")
}
