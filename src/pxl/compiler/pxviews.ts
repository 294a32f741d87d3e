// The `pxviews` library (pxl-surface.md c.4), written in PxL in our own words. It is parsed
// once per process and run as a module on `import pxviews`; its functions then behave like
// user functions whose errors point into pxviews.pxl.

export const PXVIEWS_SOURCE = `'''Shared views over the PEM tables: process, network, connection, HTTP and profiler data.'''
import px


def _with_k8s(df):
    df.pod_id = df.ctx['pod_id']
    df.pod = df.ctx['pod']
    df.container = df.ctx['container_name']
    df.service = df.ctx['service']
    df.namespace = df.ctx['namespace']
    df.node = df.ctx['node']
    return df


def _process_rates(df, keys):
    # Counters are cumulative: usage over the window is (last - first) / elapsed time.
    df.cpu = df.cpu_utime_ns + df.cpu_ktime_ns
    df = df.groupby(keys).agg(
        time_=('time_', px.max),
        time_min=('time_', px.min),
        cpu_max=('cpu', px.max),
        cpu_min=('cpu', px.min),
        read_max=('read_bytes', px.max),
        read_min=('read_bytes', px.min),
        write_max=('write_bytes', px.max),
        write_min=('write_bytes', px.min),
        rchar_max=('rchar_bytes', px.max),
        rchar_min=('rchar_bytes', px.min),
        wchar_max=('wchar_bytes', px.max),
        wchar_min=('wchar_bytes', px.min),
        rss=('rss_bytes', px.max),
        vsize=('vsize_bytes', px.max),
    )
    df.elapsed = px.select(df.time_ > df.time_min, df.time_ - df.time_min, 1)
    df.cpu_usage = px.Percent((df.cpu_max - df.cpu_min) / df.elapsed)
    df.actual_disk_read_throughput = (df.read_max - df.read_min) / df.elapsed
    df.actual_disk_write_throughput = (df.write_max - df.write_min) / df.elapsed
    df.total_disk_read_throughput = (df.rchar_max - df.rchar_min) / df.elapsed
    df.total_disk_write_throughput = (df.wchar_max - df.wchar_min) / df.elapsed
    df.rss = px.Bytes(df.rss)
    df.vsize = px.Bytes(df.vsize)
    return df


_PROCESS_COLUMNS = ['time_', 'pod_id', 'container', 'pod', 'service', 'namespace', 'node', 'cpu_usage',
                    'actual_disk_read_throughput', 'actual_disk_write_throughput',
                    'total_disk_read_throughput', 'total_disk_write_throughput', 'rss', 'vsize']


def container_process_summary(start_time, end_time):
    '''Per-container CPU, disk and memory usage over the whole time range.'''
    df = px.DataFrame('process_stats', start_time=start_time, end_time=end_time)
    df = _with_k8s(_process_rates(df, ['upid']))
    return df[_PROCESS_COLUMNS]


def container_process_timeseries(start_time, end_time, window_ns):
    '''Per-container usage in windows of window_ns; time_ is the window start.'''
    df = px.DataFrame('process_stats', start_time=start_time, end_time=end_time)
    df.window_start = px.bin(df.time_, window_ns)
    df = _with_k8s(_process_rates(df, ['upid', 'window_start']))
    df.time_ = df.window_start
    return df[_PROCESS_COLUMNS]


def pod_resource_stats(start_time, end_time):
    '''Per-pod usage: the containers' sums, container count, start time and status.'''
    df = container_process_summary(start_time, end_time)
    df = df.groupby(['pod_id', 'pod', 'service', 'node', 'namespace']).agg(
        time_=('time_', px.max),
        container_count=('container', px.count),
        cpu_usage=('cpu_usage', px.sum),
        rss=('rss', px.sum),
        vsize=('vsize', px.sum),
        actual_disk_read_throughput=('actual_disk_read_throughput', px.sum),
        actual_disk_write_throughput=('actual_disk_write_throughput', px.sum),
        total_disk_read_throughput=('total_disk_read_throughput', px.sum),
        total_disk_write_throughput=('total_disk_write_throughput', px.sum),
    )
    df.pod_start_time = px.pod_name_to_start_time(df.pod)
    df.pod_status = px.pod_name_to_status(df.pod)
    df.cpu_usage = px.Percent(df.cpu_usage)
    df.rss = px.Bytes(df.rss)
    df.vsize = px.Bytes(df.vsize)
    return df[['time_', 'pod_id', 'pod', 'service', 'node', 'namespace', 'container_count', 'pod_start_time',
               'pod_status', 'cpu_usage', 'rss', 'vsize', 'actual_disk_read_throughput',
               'actual_disk_write_throughput', 'total_disk_read_throughput', 'total_disk_write_throughput']]


def pod_network_timeseries(start_time, end_time, window_ns):
    '''Per-pod network rates in windows of window_ns.'''
    df = px.DataFrame('network_stats', start_time=start_time, end_time=end_time)
    df.timestamp = px.bin(df.time_, window_ns)
    df = df.groupby(['pod_id', 'timestamp']).agg(
        rx_bytes_max=('rx_bytes', px.max), rx_bytes_min=('rx_bytes', px.min),
        tx_bytes_max=('tx_bytes', px.max), tx_bytes_min=('tx_bytes', px.min),
        rx_drops_max=('rx_drops', px.max), rx_drops_min=('rx_drops', px.min),
        tx_drops_max=('tx_drops', px.max), tx_drops_min=('tx_drops', px.min),
        rx_errors_max=('rx_errors', px.max), rx_errors_min=('rx_errors', px.min),
        tx_errors_max=('tx_errors', px.max), tx_errors_min=('tx_errors', px.min),
    )
    df.time_ = df.timestamp
    df.pod = df.ctx['pod']
    df.service = df.ctx['service']
    df.namespace = df.ctx['namespace']
    df.node = df.ctx['node']
    df.rx_bytes_per_ns = (df.rx_bytes_max - df.rx_bytes_min) / window_ns
    df.tx_bytes_per_ns = (df.tx_bytes_max - df.tx_bytes_min) / window_ns
    df.rx_drops_per_ns = (df.rx_drops_max - df.rx_drops_min) / window_ns
    df.tx_drops_per_ns = (df.tx_drops_max - df.tx_drops_min) / window_ns
    df.rx_errors_per_ns = (df.rx_errors_max - df.rx_errors_min) / window_ns
    df.tx_errors_per_ns = (df.tx_errors_max - df.tx_errors_min) / window_ns
    return df[['time_', 'pod_id', 'pod', 'service', 'namespace', 'node', 'rx_bytes_per_ns', 'tx_bytes_per_ns',
               'rx_drops_per_ns', 'tx_drops_per_ns', 'rx_errors_per_ns', 'tx_errors_per_ns']]


def _conn_direction(start_time, end_time, role):
    df = px.DataFrame('conn_stats', start_time=start_time, end_time=end_time)
    df = df[df.trace_role == role]
    df = df.groupby(['upid', 'remote_addr']).agg(
        time_=('time_', px.max), time_min=('time_', px.min),
        sent_max=('bytes_sent', px.max), sent_min=('bytes_sent', px.min),
        recv_max=('bytes_recv', px.max), recv_min=('bytes_recv', px.min),
    )
    df.elapsed = px.select(df.time_ > df.time_min, df.time_ - df.time_min, 1)
    df.pod_id = df.ctx['pod_id']
    df['throughput'] = (df.sent_max - df.sent_min + df.recv_max - df.recv_min) / df.elapsed
    return df[['pod_id', 'remote_addr', 'time_', 'throughput']]


def connection_throughput_stats(start_time, end_time):
    '''Connection throughput per pod and remote address, inbound (server side) and outbound.'''
    inbound = _conn_direction(start_time, end_time, 2)
    outbound = _conn_direction(start_time, end_time, 1)
    df = inbound.merge(outbound, how='outer', left_on=['pod_id', 'remote_addr'], right_on=['pod_id', 'remote_addr'],
                       suffixes=['_in', '_out'])
    df.pod_id = px.select(df.pod_id_in != '', df.pod_id_in, df.pod_id_out)
    df.remote_addr = px.select(df.remote_addr_in != '', df.remote_addr_in, df.remote_addr_out)
    df.time_ = px.select(df.time__in > df.time__out, df.time__in, df.time__out)
    df.node = px.pod_id_to_node_name(df.pod_id)
    df.pod = px.pod_id_to_pod_name(df.pod_id)
    df.namespace = px.pod_id_to_namespace(df.pod_id)
    df.service = px.pod_id_to_service_name(df.pod_id)
    df.inbound_conn_throughput = df.throughput_in
    df.outbound_conn_throughput = df.throughput_out
    return df[['time_', 'remote_addr', 'node', 'pod_id', 'pod', 'namespace', 'service',
               'inbound_conn_throughput', 'outbound_conn_throughput']]


def _http_events(start_time, end_time):
    df = px.DataFrame('http_events', start_time=start_time, end_time=end_time)
    df = df[df.trace_role == 2]
    df.failure = df.resp_status >= 400
    return df


def inbound_http_summary(start_time, end_time):
    '''Requests served by each pod, per requesting address.'''
    df = _http_events(start_time, end_time)
    df = df.groupby(['upid', 'remote_addr']).agg(
        time_=('time_', px.max),
        latency_quantiles=('latency', px.quantiles),
        latency_sum=('latency', px.sum),
        num_requests=('latency', px.count),
        num_errors=('failure', px.sum),
        req_bytes=('req_body_size', px.sum),
        resp_bytes=('resp_body_size', px.sum),
    )
    df = _with_k8s(df)
    df.requestor_ip = df.remote_addr
    df.requestor_pod_id = px.ip_to_pod_id(df.remote_addr)
    df.requestor_pod = px.pod_id_to_pod_name(df.requestor_pod_id)
    df.requestor_service = px.pod_id_to_service_name(df.requestor_pod_id)
    return df[['time_', 'pod_id', 'pod', 'service', 'namespace', 'node', 'requestor_ip', 'requestor_pod',
               'requestor_service', 'latency_quantiles', 'latency_sum', 'num_requests', 'num_errors',
               'req_bytes', 'resp_bytes']]


def http_graph(start_time, end_time):
    '''Edges between requesting and responding pods with latency and traffic.'''
    df = _http_events(start_time, end_time)
    df.responder_pod = df.ctx['pod']
    df.responder_service = df.ctx['service']
    df.responder_namespace = df.ctx['namespace']
    df.responder_node = df.ctx['node']
    df.responder_ip = df.local_addr
    df.requestor_ip = df.remote_addr
    df = df.groupby(['responder_pod', 'responder_service', 'responder_namespace', 'responder_node',
                     'responder_ip', 'requestor_ip']).agg(
        time_=('time_', px.max),
        latency_quantiles=('latency', px.quantiles),
        latency_sum=('latency', px.sum),
        num_requests=('latency', px.count)
        num_errors=('failure', px.sum),
        req_bytes=('req_body_size', px.sum),
        resp_bytes=('resp_body_size', px.sum),
    )
    df.requestor_pod_id = px.ip_to_pod_id(df.requestor_ip)
    df.requestor_pod = px.pod_id_to_pod_name(df.requestor_pod_id)
    df.requestor_service = px.pod_id_to_service_name(df.requestor_pod_id)
    df.requestor_namespace = px.pod_id_to_namespace(df.requestor_pod_id)
    df.requestor_node = px.pod_id_to_node_name(df.requestor_pod_id)
    df.latency_p50 = px.DurationNanos(px.floor(px.pluck_float64(df.latency_quantiles, 'p50')))
    df.latency_p90 = px.DurationNanos(px.floor(px.pluck_float64(df.latency_quantiles, 'p90')))
    df.latency_p99 = px.DurationNanos(px.floor(px.pluck_float64(df.latency_quantiles, 'p99')))
    return df[['time_', 'responder_pod', 'requestor_pod', 'responder_namespace', 'requestor_namespace',
               'responder_node', 'requestor_node', 'responder_ip', 'requestor_ip', 'responder_service',
               'requestor_service', 'latency_p50', 'latency_p90', 'latency_p99', 'latency_quantiles',
               'latency_sum', 'num_requests', 'num_errors', 'req_bytes', 'resp_bytes']]


def stacktraces(start_time, end_time):
    '''Profiler samples per process and stack, with the executing node's CPU count.'''
    df = px.DataFrame('stack_traces.beta', start_time=start_time, end_time=end_time)
    df = df.groupby(['upid', 'stack_trace_id']).agg(
        stack_trace=('stack_trace', px.any),
        time_=('time_', px.max),
        count=('count', px.sum),
    )
    df.namespace = df.ctx['namespace']
    df.node = df.ctx['node']
    df.service = df.ctx['service']
    df.pod = df.ctx['pod']
    df.container = df.ctx['container']
    df.cmdline = df.ctx['cmdline']
    df.node_num_cpus = px._exec_host_num_cpus()
    return df[['namespace', 'node', 'service', 'pod', 'container', 'cmdline', 'stack_trace', 'time_',
               'stack_trace_id', 'count', 'node_num_cpus']]
`;
