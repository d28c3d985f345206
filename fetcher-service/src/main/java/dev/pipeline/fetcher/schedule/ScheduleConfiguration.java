package dev.pipeline.fetcher.schedule;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock ticks are judged by: the system's, in UTC (tests set their own, as a primary bean). */
@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    @Bean
    Clock scheduleClock() {
        return Clock.systemUTC();
    }
}
