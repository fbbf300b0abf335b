import { closest } from '../scenario/suggest.js';

// The keys a network namespace other than the first has under /proc/sys/net, as Linux 6.18
// lists them. Everything else under net.* belongs to the whole machine and is not there.
// Newer kernels add keys, so a key missing here may still exist on a newer guest.
const NAMESPACE_KEYS: Readonly<Record<string, string>> = {
  'net.core': `optmem_max rmem_default rmem_max rps_default_mask somaxconn tstamp_allow_data
    txrehash wmem_default wmem_max xfrm_acq_expires xfrm_aevent_etime xfrm_aevent_rseqth
    xfrm_larval_drop`,
  'net.ipv4': `fib_multipath_hash_fields fib_multipath_hash_policy fib_multipath_hash_seed
    fib_multipath_use_neigh fib_notify_on_flag_change fwmark_reflect icmp_echo_enable_probe
    icmp_echo_ignore_all icmp_echo_ignore_broadcasts icmp_errors_use_inbound_ifaddr
    icmp_ignore_bogus_error_responses icmp_msgs_burst icmp_msgs_per_sec icmp_ratelimit
    icmp_ratemask igmp_link_local_mcast_reports igmp_max_memberships igmp_max_msf igmp_qrv
    ip_autobind_reuse ip_default_ttl ip_dynaddr ip_early_demux ip_forward
    ip_forward_update_priority ip_forward_use_pmtu ip_local_port_range ip_local_reserved_ports
    ip_no_pmtu_disc ip_nonlocal_bind ip_unprivileged_port_start ipfrag_high_thresh
    ipfrag_low_thresh ipfrag_max_dist ipfrag_time nexthop_compat_mode ping_group_range
    raw_l3mdev_accept route.flush route.min_adv_mss route.min_pmtu route.mtu_expires
    tcp_abort_on_overflow tcp_adv_win_scale tcp_allowed_congestion_control tcp_app_win
    tcp_autocorking tcp_available_congestion_control tcp_backlog_ack_defer tcp_base_mss
    tcp_challenge_ack_limit tcp_child_ehash_entries tcp_comp_sack_delay_ns tcp_comp_sack_nr
    tcp_comp_sack_slack_ns tcp_congestion_control tcp_dsack tcp_early_demux tcp_early_retrans
    tcp_ecn tcp_ecn_fallback tcp_ecn_option tcp_ecn_option_beacon tcp_ehash_entries tcp_fack
    tcp_fastopen tcp_fastopen_blackhole_timeout_sec tcp_fastopen_key tcp_fin_timeout tcp_frto
    tcp_fwmark_accept tcp_invalid_ratelimit tcp_keepalive_intvl tcp_keepalive_probes
    tcp_keepalive_time tcp_l3mdev_accept tcp_limit_output_bytes tcp_max_reordering
    tcp_max_syn_backlog tcp_max_tw_buckets tcp_migrate_req tcp_min_rtt_wlen tcp_min_snd_mss
    tcp_min_tso_segs tcp_moderate_rcvbuf tcp_mtu_probe_floor tcp_mtu_probing
    tcp_no_metrics_save tcp_no_ssthresh_metrics_save tcp_notsent_lowat tcp_orphan_retries
    tcp_pacing_ca_ratio tcp_pacing_ss_ratio tcp_pingpong_thresh tcp_plb_cong_thresh
    tcp_plb_enabled tcp_plb_idle_rehash_rounds tcp_plb_rehash_rounds tcp_plb_suspend_rto_sec
    tcp_probe_interval tcp_probe_threshold tcp_recovery tcp_reflect_tos tcp_reordering
    tcp_retrans_collapse tcp_retries1 tcp_retries2 tcp_rfc1337 tcp_rmem tcp_rto_max_ms
    tcp_rto_min_us tcp_sack tcp_shrink_window tcp_slow_start_after_idle tcp_stdurg
    tcp_syn_linear_timeouts tcp_syn_retries tcp_synack_retries tcp_syncookies
    tcp_thin_linear_timeouts tcp_timestamps tcp_tso_rtt_log tcp_tso_win_divisor tcp_tw_reuse
    tcp_tw_reuse_delay tcp_window_scaling tcp_wmem tcp_workaround_signed_windows
    udp_child_hash_entries udp_early_demux udp_hash_entries udp_l3mdev_accept udp_rmem_min
    udp_wmem_min xfrm4_gc_thresh`,
  'net.ipv6': `anycast_src_echo_reply auto_flowlabels bindv6only fib_multipath_hash_fields
    fib_multipath_hash_policy fib_notify_on_flag_change flowlabel_consistency flowlabel_reflect
    flowlabel_state_ranges fwmark_reflect icmp.echo_ignore_all icmp.echo_ignore_anycast
    icmp.echo_ignore_multicast icmp.error_anycast_as_unicast icmp.ratelimit icmp.ratemask
    idgen_delay idgen_retries ioam6_id ioam6_id_wide ip6frag_high_thresh ip6frag_low_thresh
    ip6frag_time ip_nonlocal_bind max_dst_opts_length max_dst_opts_number max_hbh_length
    max_hbh_opts_number route.flush route.gc_elasticity route.gc_interval route.gc_min_interval
    route.gc_min_interval_ms route.gc_thresh route.gc_timeout route.max_size route.min_adv_mss
    route.mtu_expires route.skip_notify_on_dev_down seg6_flowlabel xfrm6_gc_thresh`,
  'net.mptcp': `add_addr_timeout allow_join_initial_addr_port available_path_managers
    available_schedulers blackhole_timeout checksum_enabled close_timeout enabled path_manager
    pm_type scheduler stale_loss_cnt syn_retrans_before_tcp_fallback`,
  'net.unix': 'max_dgram_qlen',
};

/** Per interface, and for `all` and `default`: net.ipv4.conf.IF.KEY. */
const IPV4_CONF_KEYS = `accept_local accept_redirects accept_source_route arp_accept
  arp_announce arp_evict_nocarrier arp_filter arp_ignore arp_notify bc_forwarding bootp_relay
  disable_policy disable_xfrm drop_gratuitous_arp drop_unicast_in_l2_multicast
  force_igmp_version forwarding igmpv2_unsolicited_report_interval
  igmpv3_unsolicited_report_interval ignore_routes_with_linkdown log_martians mc_forwarding
  medium_id promote_secondaries proxy_arp proxy_arp_pvlan route_localnet rp_filter
  secure_redirects send_redirects shared_media src_valid_mark tag`;

/** Per interface, and for `all` and `default`: net.ipv6.conf.IF.KEY. */
const IPV6_CONF_KEYS = `accept_dad accept_ra accept_ra_defrtr accept_ra_from_local
  accept_ra_min_hop_limit accept_ra_min_lft accept_ra_mtu accept_ra_pinfo
  accept_ra_rt_info_max_plen accept_ra_rt_info_min_plen accept_ra_rtr_pref accept_redirects
  accept_source_route accept_untracked_na addr_gen_mode autoconf dad_transmits disable_ipv6
  disable_policy drop_unicast_in_l2_multicast drop_unsolicited_na enhanced_dad force_forwarding
  force_mld_version force_tllao forwarding hop_limit ignore_routes_with_linkdown ioam6_enabled
  ioam6_id ioam6_id_wide keep_addr_on_down max_addresses max_desync_factor
  mldv1_unsolicited_report_interval mldv2_unsolicited_report_interval mtu
  ndisc_evict_nocarrier ndisc_notify ndisc_tclass optimistic_dad proxy_ndp ra_defrtr_metric
  ra_honor_pio_life ra_honor_pio_pflag regen_max_retry regen_min_advance router_probe_interval
  router_solicitation_delay router_solicitation_interval router_solicitation_max_interval
  router_solicitations rpl_seg_enabled seg6_enabled seg6_require_hmac stable_secret
  suppress_frag_ndisc temp_prefered_lft temp_valid_lft use_oif_addrs_only use_optimistic
  use_tempaddr`;

/** Per interface only: a namespace has no neigh.default (only the first namespace does). */
const NEIGH_KEYS = `anycast_delay app_solicit base_reachable_time base_reachable_time_ms
  delay_first_probe_time gc_stale_time interval_probe_time_ms locktime mcast_resolicit
  mcast_solicit proxy_delay proxy_qlen retrans_time retrans_time_ms ucast_solicit unres_qlen
  unres_qlen_bytes`;

// A namespace may read these but only the first namespace may change them.
const READ_ONLY = new Set(`net.core.rmem_default net.core.rmem_max net.core.wmem_default
  net.core.wmem_max net.ipv4.tcp_allowed_congestion_control
  net.ipv4.tcp_available_congestion_control net.ipv4.tcp_ehash_entries
  net.ipv4.udp_hash_entries net.mptcp.available_path_managers net.mptcp.available_schedulers
  net.netfilter.nf_conntrack_buckets net.netfilter.nf_conntrack_count
  net.netfilter.nf_conntrack_expect_max net.netfilter.nf_conntrack_max`.split(/\s+/));

// Their keys come with kernel modules (conntrack helpers, br_netfilter, sctp, ipvs, smc):
// which exist depends on what the guest has loaded, so only the family is checked.
const MODULE_FAMILIES = ['net.netfilter.', 'net.bridge.', 'net.sctp.', 'net.ipv4.vs.', 'net.smc.'];
const GLOBAL_ONLY = new Set(['net.netfilter.nf_log_all_netns']);

const CONF_PATTERN = /^net\.(ipv4|ipv6)\.(conf|neigh)\.([^.]+)\.([^.]+)$/;

export type SysctlKeyStatus =
  | { kind: 'namespace' }
  | { kind: 'read-only' }
  | { kind: 'no-interface'; iface: string }
  | { kind: 'unknown'; suggestion?: string };

function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

function interfaceKeys(interfaces: readonly string[]): string[] {
  const conf = ['all', 'default', 'lo', ...interfaces];
  const neigh = ['lo', ...interfaces];
  return [
    ...conf.flatMap((i) => words(IPV4_CONF_KEYS).map((k) => `net.ipv4.conf.${i}.${k}`)),
    ...conf.flatMap((i) => words(IPV6_CONF_KEYS).map((k) => `net.ipv6.conf.${i}.${k}`)),
    ...neigh.flatMap((i) => words(NEIGH_KEYS).flatMap((k) =>
      [`net.ipv4.neigh.${i}.${k}`, `net.ipv6.neigh.${i}.${k}`])),
  ];
}

function namespaceKeys(): string[] {
  return Object.entries(NAMESPACE_KEYS).flatMap(([family, list]) =>
    words(list).map((key) => `${family}.${key}`));
}

function isInterfaceKey(key: string): boolean {
  const match = CONF_PATTERN.exec(key);
  if (!match) return false;
  const [, , table, , name] = match;
  const conf = match[1] === 'ipv4' ? IPV4_CONF_KEYS : IPV6_CONF_KEYS;
  const list = table === 'neigh' ? NEIGH_KEYS : conf;
  return words(list).includes(name ?? '');
}

/** Whether `key` exists inside a node's namespace, given the node's interface names. */
export function classifySysctlKey(key: string, interfaces: readonly string[]): SysctlKeyStatus {
  if (GLOBAL_ONLY.has(key)) return { kind: 'unknown' };
  if (READ_ONLY.has(key)) return { kind: 'read-only' };
  if (MODULE_FAMILIES.some((family) => key.startsWith(family))) return { kind: 'namespace' };
  if (namespaceKeys().includes(key)) return { kind: 'namespace' };

  const match = CONF_PATTERN.exec(key);
  if (match && isInterfaceKey(key)) {
    const iface = match[3] ?? '';
    const scopes = match[2] === 'neigh'
      ? ['lo', ...interfaces] : ['all', 'default', 'lo', ...interfaces];
    if (scopes.includes(iface)) {
      return key.endsWith('.mc_forwarding') ? { kind: 'read-only' } : { kind: 'namespace' };
    }
    return { kind: 'no-interface', iface };
  }
  const known = [...namespaceKeys(), ...interfaceKeys(interfaces)];
  return { kind: 'unknown', suggestion: suggestKey(key, known) };
}

// A misspelt last word is matched within its own family (net.ipv4.ip_foward); a misspelt
// family (net.ip4.ip_forward) against every key.
function suggestKey(key: string, known: string[]): string | undefined {
  const cut = key.lastIndexOf('.');
  const family = key.slice(0, cut + 1);
  const siblings = known.filter((k) =>
    k.startsWith(family) && !k.slice(family.length).includes('.'));
  if (siblings.length === 0) return closest(key, known);
  const leaf = closest(key.slice(cut + 1), siblings.map((k) => k.slice(family.length)));
  return leaf === undefined ? undefined : `${family}${leaf}`;
}
